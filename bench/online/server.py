#!/usr/bin/env python3
"""A local HTTP/1.1 server for the online benchmark: answers every request
(HEAD or GET) with 200 and a small HTML body after a fixed delay, on
0.0.0.0:PORT, so that 127.0.0.1, 127.0.0.2, ... are different hosts on one
machine. Counts requests and the most in flight at once; writes them to
STATS_FILE (JSON) on every change of the maximum and at exit.

    python3 server.py PORT DELAY_MS STATS_FILE
"""
import asyncio
import json
import signal
import sys

port, delay, stats_file = int(sys.argv[1]), int(sys.argv[2]) / 1000, sys.argv[3]
stats = {"requests": 0, "in_flight": 0, "max_in_flight": 0}
BODY = b"<!doctype html><title>ok</title><p>ok</p>\n"


def save():
    with open(stats_file, "w") as out:
        json.dump(stats, out)


async def serve(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            method = head.split(b" ", 1)[0]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip() or 0)
            if length:
                await reader.readexactly(length)
            stats["requests"] += 1
            stats["in_flight"] += 1
            stats["max_in_flight"] = max(stats["max_in_flight"], stats["in_flight"])
            await asyncio.sleep(delay)
            stats["in_flight"] -= 1
            body = b"" if method == b"HEAD" else BODY
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                + b"Content-Length: %d\r\n\r\n" % len(BODY)
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(serve, "0.0.0.0", port, backlog=4096)
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set_result, None)
    async with server:
        while not stop.done():
            save()
            await asyncio.wait([stop], timeout=0.5)
    save()


asyncio.run(main())
