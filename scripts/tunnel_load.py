#!/usr/bin/env python3
"""Load for scripts/perf-tunnel: a target that serves bytes or echoes, and the clients that measure.

  tunnel_load.py serve PORT_FILE            a target on 127.0.0.1 (free port, written to PORT_FILE):
                                            first byte 'S' + 8-byte size: sends that many zero bytes
                                            and closes; 'E': answers 'E', then closes.
  tunnel_load.py download PORT SIZE         through a forwarded PORT: prints 'SECONDS MB/s'
  tunnel_load.py connections PROXY_PORT TARGET_PORT COUNT CONCURRENCY
                                            SOCKS5 CONNECTs to 127.0.0.1:TARGET_PORT through the proxy,
                                            each with a one-byte round trip: prints 'SECONDS conns/s'
"""
import socket
import struct
import sys
import threading
import time

CHUNK = 1 << 20


def serve(port_file):
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(512)
    with open(port_file, "w") as f:
        f.write(str(server.getsockname()[1]))
    zeros = bytes(CHUNK)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=handle, args=(conn, zeros), daemon=True).start()


def read_exactly(conn, n):
    data = b""
    while len(data) < n:
        part = conn.recv(n - len(data))
        if not part:
            raise EOFError
        data += part
    return data


def handle(conn, zeros):
    try:
        kind = read_exactly(conn, 1)
        if kind == b"S":
            left = struct.unpack(">Q", read_exactly(conn, 8))[0]
            view = memoryview(zeros)
            while left > 0:
                n = min(left, CHUNK)
                conn.sendall(view[:n])
                left -= n
        else:
            conn.sendall(kind)
    except (OSError, EOFError):
        pass
    finally:
        conn.close()


def download(port, size):
    start = time.monotonic()
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(b"S" + struct.pack(">Q", size))
    buffer = bytearray(CHUNK)
    got = 0
    while True:
        n = conn.recv_into(buffer)
        if n == 0:
            break
        got += n
    seconds = time.monotonic() - start
    if got != size:
        sys.exit("got %d bytes of %d" % (got, size))
    print("%.2f %.1f" % (seconds, size / seconds / 1e6))


def socks_connect(proxy_port, target_port):
    conn = socket.create_connection(("127.0.0.1", proxy_port))
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    conn.sendall(b"\x05\x01\x00")
    if read_exactly(conn, 2) != b"\x05\x00":
        raise OSError("no method")
    conn.sendall(b"\x05\x01\x00\x01" + socket.inet_aton("127.0.0.1") + struct.pack(">H", target_port))
    reply = read_exactly(conn, 10)
    if reply[1] != 0:
        raise OSError("SOCKS reply %d" % reply[1])
    conn.sendall(b"E")
    read_exactly(conn, 1)
    conn.close()


def connections(proxy_port, target_port, count, concurrency):
    left = [count]
    lock = threading.Lock()
    failures = []

    def worker():
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            try:
                socks_connect(proxy_port, target_port)
            except (OSError, EOFError) as e:
                failures.append(e)

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    if failures:
        sys.exit("%d failures, first: %s" % (len(failures), failures[0]))
    print("%.2f %.0f" % (seconds, count / seconds))


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "serve":
        serve(sys.argv[2])
    elif what == "download":
        download(int(sys.argv[2]), int(sys.argv[3]))
    elif what == "connections":
        connections(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        sys.exit(__doc__)
