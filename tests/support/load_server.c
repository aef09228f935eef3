/* load_server: a small, fast HTTP/1.1 file server for armwatch's polling
 * benchmark (bench/feeds). Loads every regular file of --root into memory at
 * start (each with its response headers, so one write() usually sends a whole
 * response), then serves GET requests with keep-alive from one epoll loop.
 * Listens on 127.0.0.1 only. Prints "PORT <n>" once listening (the protocol of
 * tests/support/local_server.h), and "SERVED <requests>" when SIGTERM or SIGINT
 * stops it. Linux only; C11 and POSIX, no dependencies.
 *
 * --latency-ms N holds each response for N ms after its request arrived, like a
 * server that takes time to answer: the connection waits in a queue (in arrival
 * order, so due times only grow) and the epoll loop's timeout is the next due
 * time; nothing sleeps, so other connections are served meanwhile.
 *
 *   load_server --root DIR [--port N] [--latency-ms N]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { kMaxRequest = 16384, kMaxEvents = 256 };

struct file {
  char* path;     /* "/name.xml" */
  char* response; /* status line, headers and body */
  size_t length;
};

struct conn {
  int fd;
  char in[kMaxRequest];
  size_t in_len;
  const char* out; /* the response being written, or NULL */
  size_t out_len, out_off;
  /* --latency-ms: the response is held until `due` (monotonic ms) while `held`. */
  int held, closed; /* closed while held: freed when it leaves the queue */
  long long due;
  struct conn* next_held;
};

static struct file* files;
static size_t file_count;
static volatile sig_atomic_t stopping;
static unsigned long long served;
static long long latency_ms;
static struct conn* held_head; /* FIFO of held responses, earliest due first */
static struct conn* held_tail;
static const char kNotFound[] =
    "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nnot found\n";

static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

static void die(const char* what) {
  perror(what);
  exit(1);
}

static const char* content_type(const char* name) {
  const char* dot = strrchr(name, '.');
  if (dot != NULL && strcmp(dot, ".xml") == 0) {
    return "application/rss+xml";
  }
  if (dot != NULL && strcmp(dot, ".json") == 0) {
    return "application/feed+json";
  }
  return "application/octet-stream";
}

static void load_file(const char* root, const char* name) {
  char full[4096];
  snprintf(full, sizeof full, "%s/%s", root, name);
  int fd = open(full, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    die(full);
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return;
  }
  char head[512];
  int head_len = snprintf(head, sizeof head,
                          "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %lld\r\n"
                          "ETag: \"%llx-%llx\"\r\nCache-Control: max-age=300\r\n\r\n",
                          content_type(name), (long long)st.st_size,
                          (unsigned long long)st.st_mtime, (unsigned long long)st.st_size);
  struct file* f = &files[file_count++];
  f->length = (size_t)head_len + (size_t)st.st_size;
  f->response = malloc(f->length);
  f->path = malloc(strlen(name) + 2);
  if (f->response == NULL || f->path == NULL) {
    die("malloc");
  }
  sprintf(f->path, "/%s", name);
  memcpy(f->response, head, (size_t)head_len);
  size_t got = 0;
  while (got < (size_t)st.st_size) {
    ssize_t n = read(fd, f->response + head_len + got, (size_t)st.st_size - got);
    if (n <= 0) {
      die("read");
    }
    got += (size_t)n;
  }
  close(fd);
}

static int by_path(const void* a, const void* b) {
  return strcmp(((const struct file*)a)->path, ((const struct file*)b)->path);
}

static void load_root(const char* root) {
  DIR* dir = opendir(root);
  if (dir == NULL) {
    die(root);
  }
  size_t capacity = 0;
  struct dirent* entry;
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] == '.') {
      continue;
    }
    if (file_count == capacity) {
      capacity = capacity ? capacity * 2 : 1024;
      files = realloc(files, capacity * sizeof *files);
      if (files == NULL) {
        die("realloc");
      }
    }
    load_file(root, entry->d_name);
  }
  closedir(dir);
  qsort(files, file_count, sizeof *files, by_path);
}

static const struct file* find(const char* path) {
  struct file key = {(char*)path, NULL, 0};
  return bsearch(&key, files, file_count, sizeof *files, by_path);
}

static int listen_on(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || bind(fd, (struct sockaddr*)&addr, sizeof addr) != 0 || listen(fd, 4096) != 0) {
    die("listen");
  }
  socklen_t len = sizeof addr;
  getsockname(fd, (struct sockaddr*)&addr, &len);
  printf("PORT %d\n", ntohs(addr.sin_port));
  fflush(stdout);
  return fd;
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_conn(struct conn* c) {
  close(c->fd);
  if (c->held) {
    c->closed = 1; /* still queued: release_due() frees it */
  } else {
    free(c);
  }
}

static void hold(struct conn* c) {
  c->held = 1;
  c->due = now_ms() + latency_ms;
  c->next_held = NULL;
  if (held_tail != NULL) {
    held_tail->next_held = c;
  } else {
    held_head = c;
  }
  held_tail = c;
}

/* The epoll_wait timeout: until the next held response is due, at most 200 ms. */
static int wait_ms(void) {
  if (held_head == NULL) {
    return 200;
  }
  long long left = held_head->due - now_ms();
  return left <= 0 ? 0 : (left > 200 ? 200 : (int)left);
}

/* Writes what is pending; returns 0 when done, 1 when the socket is full, -1 on error. */
static int flush_out(struct conn* c) {
  while (c->out != NULL && c->out_off < c->out_len) {
    ssize_t n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
    if (n < 0) {
      return errno == EAGAIN ? 1 : -1;
    }
    c->out_off += (size_t)n;
  }
  c->out = NULL;
  return 0;
}

/* Answers every complete request in the input buffer; -1 closes the connection. */
static int serve_requests(struct conn* c) {
  for (;;) {
    if (c->out != NULL) {
      return 0; /* one response at a time; the rest waits for EPOLLOUT */
    }
    char* end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
    if (end == NULL) {
      return c->in_len == sizeof c->in ? -1 : 0;
    }
    size_t request_len = (size_t)(end - c->in) + 4;
    *end = '\0'; /* sscanf must stop inside this request */
    char path[2048] = "";
    if (sscanf(c->in, "GET %2047s HTTP/1.", path) != 1) {
      return -1;
    }
    char* query = strchr(path, '?');
    if (query != NULL) {
      *query = '\0';
    }
    const struct file* f = find(path);
    c->out = f != NULL ? f->response : kNotFound;
    c->out_len = f != NULL ? f->length : sizeof kNotFound - 1;
    c->out_off = 0;
    ++served;
    memmove(c->in, c->in + request_len, c->in_len - request_len);
    c->in_len -= request_len;
    if (latency_ms > 0) {
      hold(c); /* release_due() writes it */
      return 0;
    }
    if (flush_out(c) < 0) {
      return -1;
    }
  }
}

static void drop_conn(int ep, struct conn* c) {
  epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
  close_conn(c);
}

/* Writes every held response that is due, then serves what waited behind it. */
static void release_due(int ep) {
  long long now = now_ms();
  while (held_head != NULL && held_head->due <= now) {
    struct conn* c = held_head;
    held_head = c->next_held;
    if (held_head == NULL) {
      held_tail = NULL;
    }
    c->held = 0;
    if (c->closed) {
      free(c);
      continue;
    }
    int rc = flush_out(c);
    if (rc < 0 || (rc == 0 && serve_requests(c) < 0)) {
      drop_conn(ep, c);
    }
  }
}

static void on_readable(int ep, struct conn* c) {
  for (;;) {
    ssize_t n = read(c->fd, c->in + c->in_len, sizeof c->in - c->in_len);
    if (n == 0 || (n < 0 && errno != EAGAIN)) {
      epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
      close_conn(c);
      return;
    }
    if (n < 0) {
      break;
    }
    c->in_len += (size_t)n;
    if (c->in_len == sizeof c->in) {
      break;
    }
  }
  if (serve_requests(c) < 0) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close_conn(c);
  }
}

static void accept_all(int ep, int listener) {
  for (;;) {
    int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct conn* c = calloc(1, sizeof *c);
    if (c == NULL) {
      close(fd);
      continue;
    }
    c->fd = fd;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }
}

int main(int argc, char** argv) {
  const char* root = NULL;
  int port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--root") == 0) {
      root = argv[i + 1];
    } else if (strcmp(argv[i], "--port") == 0) {
      port = atoi(argv[i + 1]);
    } else if (strcmp(argv[i], "--latency-ms") == 0) {
      latency_ms = atoll(argv[i + 1]);
    }
  }
  if (root == NULL) {
    fprintf(stderr, "usage: load_server --root DIR [--port N] [--latency-ms N]\n");
    return 2;
  }
  load_root(root);
  struct sigaction sa = {0};
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  int listener = listen_on(port);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  static int listener_tag;
  struct epoll_event lev = {.events = EPOLLIN, .data.ptr = &listener_tag};
  epoll_ctl(ep, EPOLL_CTL_ADD, listener, &lev);
  struct epoll_event events[kMaxEvents];
  while (!stopping) {
    int n = epoll_wait(ep, events, kMaxEvents, wait_ms());
    for (int i = 0; i < n; ++i) {
      if (events[i].data.ptr == &listener_tag) {
        accept_all(ep, listener);
        continue;
      }
      struct conn* c = events[i].data.ptr;
      if (c->held) {
        on_readable(ep, c); /* buffer the next request; the response is not due yet */
        continue;
      }
      if (events[i].events & EPOLLOUT) {
        int rc = flush_out(c);
        if (rc < 0 || (rc == 0 && serve_requests(c) < 0)) {
          epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
          close_conn(c);
          continue;
        }
      }
      /* Edge-triggered: read whenever anything happened, so input left unread
         while a response was pending is not forgotten. */
      on_readable(ep, c);
    }
    release_due(ep);
  }
  printf("SERVED %llu\n", served);
  fflush(stdout);
  return 0;
}
