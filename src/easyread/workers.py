"""Worker processes for a batch: tasks in, results out as each finishes.

Where the system forks (Linux), the workers are forked from this process and talk to it through
pipes: they inherit everything it has loaded, and starting them costs a few milliseconds. The
standard process pool would do the same, but importing multiprocessing and concurrent.futures
costs a batch more than all its workers' start-up. Elsewhere the standard pool is used.

A task is a module-level function and its arguments, sent by pickle; a worker that dies (killed,
out of memory) gives a `WorkerLost` as its task's result, and the other workers go on.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import sys
from collections import deque
from typing import Callable, Iterator


class WorkerLost(RuntimeError):
    """The process running a task ended before it answered."""


def start(count: int) -> _Forked | _Pooled:
    """`count` workers, forked where that is safe (Linux), else a standard process pool."""
    return _Forked(count) if sys.platform.startswith("linux") else _Pooled(count)


class _Forked:
    """Forked workers, each with a pipe for its tasks and one for its results, one task at a time."""

    def __init__(self, count: int):
        self.waiting: deque = deque()  # (key, function, args) not yet sent
        self.running: dict[int, tuple] = {}  # result pipe -> (worker, key) of the task it runs
        self.ready = select.poll()  # not select.select, which takes no pipe numbered 1024 or more
        self.children: list[_Child] = []
        try:
            for _ in range(count):
                self.children.append(_Child(self.children))
        except OSError:  # out of processes or pipes: the workers started so far are ended
            self.__exit__(OSError)
            raise
        self.idle = list(self.children)

    def __enter__(self) -> _Forked:
        return self

    def __exit__(self, *exc) -> None:
        for child in self.children:
            child.stop(kill=exc[0] is not None)

    def submit(self, key, function: Callable, *args) -> None:
        self.waiting.append((key, function, args))
        self._send()

    def _send(self) -> None:
        while self.waiting and self.idle:
            child = self.idle.pop()
            key, function, args = self.waiting.popleft()
            try:
                child.send((function, args))
            except OSError:  # the worker has gone: the task waits for another
                self.waiting.appendleft((key, function, args))
                continue
            self.running[child.results.fileno()] = (child, key)
            self.ready.register(child.results, select.POLLIN)

    def results(self) -> Iterator[tuple[object, object]]:
        """(key, result) of each task as it finishes, until none is waiting or running; a task
        submitted meanwhile is waited for too."""
        while self.running or self.waiting:
            if not self.running:  # tasks wait, but every worker is lost
                yield self.waiting.popleft()[0], WorkerLost("no worker process was left to run it")
                continue
            for pipe, _ in self.ready.poll():
                self.ready.unregister(pipe)
                child, key = self.running.pop(pipe)
                try:
                    result = pickle.load(child.results)
                except (EOFError, OSError, pickle.UnpicklingError):
                    result = WorkerLost("a worker process ended before it finished (out of memory?)")
                else:
                    self.idle.append(child)
                self._send()
                yield key, result


class _Child:
    """One forked worker: it runs each (function, args) it reads and writes back the result."""

    def __init__(self, siblings: list[_Child]):
        tasks_in, tasks_out = os.pipe()
        try:
            results_in, results_out = os.pipe()
        except OSError:
            os.close(tasks_in)
            os.close(tasks_out)
            raise
        try:
            self.pid = os.fork()
        except OSError:
            for pipe in (tasks_in, tasks_out, results_in, results_out):
                os.close(pipe)
            raise
        if self.pid == 0:  # the worker: serve until its task pipe closes, then end without the parent's clean-up
            code = 0
            try:
                for signum in (signal.SIGTERM, signal.SIGINT):  # a task ended by `stop` or Ctrl-C cleans up once
                    signal.signal(signum, _interrupted)
                # Its siblings' pipe ends came with the fork: closed, or a sibling would never see its task pipe close.
                for pipe in [tasks_out, results_in] + [p.fileno() for sibling in siblings for p in (sibling.tasks, sibling.results)]:
                    os.close(pipe)
                _serve(os.fdopen(tasks_in, "rb"), os.fdopen(results_out, "wb"))
            except BaseException:  # noqa: BLE001 - interrupted, or the parent gone: just end
                code = 1
            finally:
                os._exit(code)
        os.close(tasks_in)
        os.close(results_out)
        self.tasks, self.results = os.fdopen(tasks_out, "wb"), os.fdopen(results_in, "rb")

    def send(self, task: tuple) -> None:
        pickle.dump(task, self.tasks, pickle.HIGHEST_PROTOCOL)
        self.tasks.flush()

    def stop(self, kill: bool) -> None:
        """Close its task pipe, which ends it; `kill` ends it at once (the batch was interrupted)."""
        if kill:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except OSError:
                pass
        for pipe in (self.tasks, self.results):
            try:
                pipe.close()
            except OSError:
                pass
        os.waitpid(self.pid, 0)


def _interrupted(signum, frame):
    """Ctrl-C reaches a worker twice (from the terminal, then from the parent's `stop`): the second
    must not cut short the clean-up the first began."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _serve(tasks, results) -> None:
    while True:
        try:
            function, args = pickle.load(tasks)
        except EOFError:
            return
        pickle.dump(function(*args), results, pickle.HIGHEST_PROTOCOL)
        results.flush()


class _Pooled:
    """The standard process pool, where forking is not safe (macOS) or not possible (Windows).

    A worker that dies breaks the standard pool: every task then in it gives a `WorkerLost`, and
    tasks submitted later go to a new pool.
    """

    def __init__(self, count: int):
        from concurrent.futures import ProcessPoolExecutor

        self.count = count
        self.pool = ProcessPoolExecutor(max_workers=count)
        self.futures: dict = {}

    def __enter__(self) -> _Pooled:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True, cancel_futures=exc[0] is not None)

    def submit(self, key, function: Callable, *args) -> None:
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            future = self.pool.submit(function, *args)
        except BrokenProcessPool:
            self.pool.shutdown(wait=True)
            self.pool = ProcessPoolExecutor(max_workers=self.count)
            future = self.pool.submit(function, *args)
        self.futures[future] = key

    def results(self) -> Iterator[tuple[object, object]]:
        from concurrent.futures import FIRST_COMPLETED, wait

        while self.futures:
            done, _ = wait(self.futures, return_when=FIRST_COMPLETED)
            for future in done:
                key = self.futures.pop(future)
                try:
                    yield key, future.result()
                except Exception as err:  # noqa: BLE001 - a broken pool: the task's result is the error
                    yield key, WorkerLost(f"a worker process ended before it finished ({err})")
