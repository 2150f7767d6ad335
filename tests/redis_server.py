"""A real redis-server on a free loopback port, owned by one test: started, stopped, restarted."""

import signal
import socket
import subprocess
import time

import redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """One redis-server process that keeps nothing on disk, on a port of its own."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start it (again, on the same port) and wait until it answers."""
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.02)

    def stop(self) -> None:
        """Kill it, as a crash would: what it counted is gone with it."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def pause(self, paused: bool = True) -> None:
        """Freeze it (SIGSTOP), as a hung server or a lost network would be; or thaw it."""
        self.process.send_signal(signal.SIGSTOP if paused else signal.SIGCONT)

    def answers(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    def counters(self) -> dict[str, int]:
        """The rate limit counters it holds, by key."""
        client = redis.Redis(port=self.port, socket_timeout=1, decode_responses=True)
        return {key: int(client.get(key)) for key in client.keys("LIMITS:*")}
