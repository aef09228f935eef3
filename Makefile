# armwatch: the two set-up commands of the README, and a few more.
#   make run    install deps if missing, build release, run armwatchd on examples/armwatch.yaml
#   make test   install deps, configure the ci preset (-Werror, ASan+UBSan), build, run ctest
#   make demo   offline first look: serve tests/data/feeds on 127.0.0.1, one poll, list events
SHELL := /bin/bash
JOBS ?= $(shell nproc)
CONFIG ?= examples/armwatch.yaml

.PHONY: all deps release run test test-clang test-tsan demo bench deb deb-check format format-check lint-includes clean

all: release

deps:
	@scripts/install-deps

release: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

run: release
	mkdir -p var
	./build/release/daemon/armwatchd --config $(CONFIG)

test: deps
	cmake --preset ci
	cmake --build --preset ci -j $(JOBS)
	ctest --preset ci -j 2

test-clang: deps
	cmake --preset ci-clang
	cmake --build --preset ci-clang -j $(JOBS)
	ctest --preset ci-clang -j 2

test-tsan: deps
	cmake --preset ci-tsan
	cmake --build --preset ci-tsan -j $(JOBS)
	ctest --preset ci-tsan -j 2

demo: release
	scripts/demo build/release

bench: deps
	cmake --preset bench
	cmake --build --preset bench -j $(JOBS)
	bench/run-all build/bench

# The .deb, built with Debian's hardening flags, then checked by lintian and
# systemd-analyze as CI does.
deb: deps
	export DEB_BUILD_MAINT_OPTIONS=hardening=+all; \
	CFLAGS="$$(dpkg-buildflags --get CFLAGS) $$(dpkg-buildflags --get CPPFLAGS)" \
	CXXFLAGS="$$(dpkg-buildflags --get CXXFLAGS) $$(dpkg-buildflags --get CPPFLAGS)" \
	LDFLAGS="$$(dpkg-buildflags --get LDFLAGS)" cmake --preset deb
	cmake --build --preset deb -j $(JOBS)
	cd build/deb && cpack

deb-check: deb
	scripts/check-package build/deb

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

format-check:
	git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror

lint-includes:
	scripts/check-includes

clean:
	rm -rf build
