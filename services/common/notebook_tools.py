"""Machinery the notebooks use but do not teach, kept out of their cells so that a cell
shows the idea: a TCP relay that keeps every byte it passes, and servers started inside
the notebook's own kernel (an ASGI app under uvicorn, a gRPC servicer).

    tap = WireTap(service.port)          # connect to tap.port instead of service.port
    ...; tap.close(); len(tap.down)      # the bytes the server sent
    server = KernelASGI(app)             # server.port; server.stop()
    port, grpc_server = kernel_grpc(servicer, add_to_server)
"""

from __future__ import annotations

import socket
import threading
import time
from concurrent import futures

import grpc
import uvicorn


class WireTap:
    """A TCP relay to a local port that keeps every byte it passes, in each direction."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.down, self.up = bytearray(), bytearray()  # server -> client, client -> server
        self.sockets, self.pumps = [], []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # the listener was closed
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, server]
            for source, sink, kept in ((client, server, self.up), (server, client, self.down)):
                pump = threading.Thread(target=self._pump, args=(source, sink, kept), daemon=True)
                pump.start()
                self.pumps.append(pump)

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket, kept: bytearray) -> None:
        try:
            while data := source.recv(65536):
                kept += data
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)  # pass the end of the stream on
        except OSError:  # the other side reset the connection: nothing more to pass
            pass

    def close(self) -> None:
        self.listener.close()
        for pump in self.pumps:
            pump.join(timeout=5)
        for sock in self.sockets:
            sock.close()


class KernelASGI:
    """An ASGI app under uvicorn in a thread of this kernel, on a free loopback port."""

    def __init__(self, app):
        listening = socket.create_server(("127.0.0.1", 0))  # bound here: no race for the port
        self.port = listening.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [listening]}, daemon=True
        )
        self.thread.start()
        while not self.server.started and self.thread.is_alive():
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)


def kernel_grpc(servicer, add_to_server) -> tuple[int, grpc.Server]:
    """A gRPC server for ``servicer`` in this kernel: (its port on 127.0.0.1, the server)."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    add_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return port, server
