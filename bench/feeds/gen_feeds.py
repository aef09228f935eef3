#!/usr/bin/python3
"""Writes deterministic, realistic RSS 2.0 test feeds for the feeds benchmarks.

  gen_feeds.py big FILE [--mb 50]             one large feed of about that many MB
  gen_feeds.py many DIR [--count 2000] [--items 15]
                                              DIR/feed-0000.xml ... small feeds

Items look like a news wire's: titles with entities (&amp;, &#8217;, &quot;),
links with utm_ parameters, guids, RFC 822 dates in several zones, dc:creator,
categories, an escaped-HTML <description> and a CDATA <content:encoded> with
links, lists, named HTML entities (&nbsp; &mdash; &hellip;) and some Korean text.
Python 3 stdlib only; the same arguments always give the same bytes.
"""

import argparse
import os
import random
import sys

WORDS = ("armistice agreement korean peninsula demilitarized zone panmunjom military "
         "commission neutral nations supervisory delegation ceasefire violation joint "
         "security area united nations command statement talks envoy ministry defense "
         "unification reported officials said monday tuesday wednesday thursday friday "
         "north south border patrol guard post inspection incident anniversary treaty "
         "negotiation summit resolution council sanctions missile launch drill exercise "
         "troops soldiers civilians families reunion memorial veterans").split()
KOREAN = ("정전협정 판문점 비무장지대 군사정전위원회 중립국감독위원회 유엔군사령부 "
          "공동경비구역 남북 회담 국방부 통일부 발표 위반 조사 경계").split()
AUTHORS = ["Kim Min-jun", "Lee Seo-yeon", "Park Ji-ho", "Choi Ha-eun", "Jane Doe",
           "J. Smith (UN News)", "desk@example.org (Wire Desk)"]
CATEGORIES = ["Politics", "Defense", "Diplomacy", "Inter-Korean", "UN", "History", "Analysis"]
ZONES = ["+0900", "GMT", "+0000", "-0500", "EST", "+0100"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        '<title>%s</title>\n<link>https://news.example.org/%s/</link>\n'
        '<atom:link href="https://news.example.org/%s/rss.xml" rel="self" '
        'type="application/rss+xml"/>\n'
        '<description>Wire stories about the Korean Armistice Agreement</description>\n'
        '<language>en</language>\n<ttl>30</ttl>\n')
TAIL = "</channel>\n</rss>\n"


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(KOREAN))
    return " ".join(words).capitalize() + "."


def title(rng):
    t = sentence(rng, rng.randint(6, 12))[:-1]
    extras = [" &amp; ", " &#8217;s ", " &quot;quoted&quot; ", " &#x2014; "]
    cut = t.find(" ", len(t) // 2)
    if cut > 0:
        t = t[:cut] + rng.choice(extras) + t[cut + 1:]
    return t


def html_paragraphs(rng, count):
    parts = []
    for i in range(count):
        body = sentence(rng, rng.randint(18, 40))
        if rng.random() < 0.5:
            body = body.replace(" ", ' <a href="https://news.example.org/topic/%d?utm_source=rss'
                                     '&amp;ref=feed">' % rng.randrange(1000), 1) + "</a>"
        if rng.random() < 0.4:
            body += " Officials&nbsp;said&hellip; &mdash; &ldquo;no comment&rdquo;."
        if i == 1 and rng.random() < 0.5:
            body += "<ul><li>%s</li><li>%s</li></ul>" % (sentence(rng, 6), sentence(rng, 7))
        parts.append("<p>%s</p>" % body)
    return "".join(parts)


def date(rng, i):
    day = 1 + (i * 7) % 28
    return "%s, %02d %s %d %02d:%02d:%02d %s" % (
        rng.choice(DAYS), day, MONTHS[i % 12], 2020 + i % 6, rng.randrange(24),
        rng.randrange(60), rng.randrange(60), rng.choice(ZONES))


def item(rng, feed, i, with_content=True):
    slug = "%s-%06d" % (feed, i)
    out = ["<item>\n<title>%s</title>\n" % title(rng),
           "<link>https://news.example.org/%s/%s.html?utm_source=rss&amp;utm_medium=feed</link>\n"
           % (feed, slug),
           '<guid isPermaLink="false">urn:example:%s</guid>\n' % slug,
           "<pubDate>%s</pubDate>\n" % date(rng, i),
           "<dc:creator>%s</dc:creator>\n" % xml_escape(rng.choice(AUTHORS))]
    for c in rng.sample(CATEGORIES, rng.randint(1, 3)):
        out.append("<category>%s</category>\n" % c)
    out.append("<description>%s</description>\n" % xml_escape(html_paragraphs(rng, 2)))
    if with_content:
        out.append("<content:encoded><![CDATA[%s]]></content:encoded>\n"
                   % html_paragraphs(rng, rng.randint(3, 6)))
    out.append("</item>\n")
    return "".join(out)


def write_big(path, mb):
    rng = random.Random(20240727)
    target = mb * 1000 * 1000
    with open(path, "w", encoding="utf-8") as f:
        written = f.write(HEAD % ("Armistice wire (big)", "big", "big"))
        i = 0
        while written < target:
            written += f.write(item(rng, "big", i))
            i += 1
        f.write(TAIL)
    print("%s: %d items, %d bytes" % (path, i, os.path.getsize(path)))


def write_many(directory, count, items):
    os.makedirs(directory, exist_ok=True)
    total = 0
    for n in range(count):
        rng = random.Random(n)
        name = "feed-%04d" % n
        parts = [HEAD % ("Armistice wire %d" % n, name, name)]
        parts += [item(rng, name, i, with_content=(i % 2 == 0)) for i in range(items)]
        parts.append(TAIL)
        data = "".join(parts).encode("utf-8")
        with open(os.path.join(directory, name + ".xml"), "wb") as f:
            f.write(data)
        total += len(data)
    print("%s: %d feeds of %d items, %d bytes in all (%.1f KB each)"
          % (directory, count, items, total, total / count / 1000))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    big = sub.add_parser("big")
    big.add_argument("file")
    big.add_argument("--mb", type=int, default=50)
    many = sub.add_parser("many")
    many.add_argument("dir")
    many.add_argument("--count", type=int, default=2000)
    many.add_argument("--items", type=int, default=15)
    args = parser.parse_args()
    if args.what == "big":
        write_big(args.file, args.mb)
    else:
        write_many(args.dir, args.count, args.items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
