"""Loaded by the Python running sqlmap in test_attack_tools (PYTHONPATH): TCP_NODELAY on every connection it opens.

sqlmap's HTTPS connection (lib/request/httpshandler.py) opens its own socket and so skips the TCP_NODELAY that
http.client sets on plain connections, and http.client sends a POST's header and body in two writes. Over TLS each
write is a record, and Nagle held the body until jetway's delayed ACK of the header: 40 ms a request, a sweep of the
hold body 450 s instead of about 60 (JETWAY_TEST_TLS=1). Plain HTTP is unchanged: http.client had set it already."""
import socket

_create_connection = socket.create_connection


def _create_connection_without_nagle(*args, **kwargs):
    sock = _create_connection(*args, **kwargs)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass
    return sock


socket.create_connection = _create_connection_without_nagle
