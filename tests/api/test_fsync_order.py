"""No acknowledged write lost in a power cut: `backrest serve` runs under
strace (fsync, fdatasync and the socket reads and sends of every thread),
a client sends diary writes over HTTP, and every 200 answer to a write
must be sent after an fsync or fdatasync of the SQLite WAL made by the
same thread after the request arrived (synchronous=FULL: the commit is on
disk before the answer leaves).

On PostgreSQL (api_test_fsync_order_pg) the flush happens in the server
process, which is not traced: the test checks that every connection the
server opens asks for synchronous_commit = on, and that each answer follows
its COMMIT's reply on the same thread.
"""
import os
import re
import shutil
import signal
import subprocess
import unittest

import apitest

D = "/api/v1"
WRITES = 20

LINE = re.compile(r"^(\d+) +(?:<\.\.\. (\w+) resumed>|(\w+)\()(.*)$")


def events(path):
    """(thread, call, fd text, rest, finished) per line of an strace -f
    -yy log, in the order strace wrote them."""
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if not m:
                continue
            tid, resumed, call, rest = m.groups()
            call = call or resumed
            unfinished = rest.endswith("<unfinished ...>")
            fd = re.match(r"\d+<([^>]*)>", rest) if not resumed else None
            out.append((int(tid), call, fd.group(1) if fd else "", rest,
                        not unfinished, bool(resumed)))
    return out


@unittest.skipIf(shutil.which("strace") is None, "strace is not installed")
class FsyncOrder(apitest.ApiTest):
    def serve_traced(self, log):
        argv = ["strace", "-f", "-qq", "-yy", "-s", "400", "-o", log,
                "-e", "trace=fsync,fdatasync,read,recvfrom,recvmsg,"
                "write,writev,sendto,sendmsg",
                apitest.BACKREST, "--db", self.db, "serve", "--listen",
                "127.0.0.1:0", "--threads", "2"]
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=self.env)
        line = proc.stdout.readline()
        if "listening on" not in line:
            proc.kill()
            raise RuntimeError("server did not start: " + line + proc.stderr.read())
        return proc, int(line.strip().rsplit(":", 1)[1])

    def test_each_answer_follows_the_flush_of_its_commit(self):
        log = os.path.join(self.dir, "strace.log")
        proc, port = self.serve_traced(log)
        try:
            c = apitest.Client(port)
            self.expect(c.login("doc@example.org"), 200)
            for i in range(WRITES):
                r = c.post(f"{D}/patients/{self.pa}/diary",
                           {"date": f"2026-02-{i + 1:02d}", "pain": i % 11})
                self.expect(r, 200)
        finally:
            # SIGTERM to the server itself (strace would detach, not stop).
            with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
                for child in f.read().split():
                    os.kill(int(child), signal.SIGTERM)
            proc.communicate(timeout=60)
        ev = events(log)
        # Per thread: the request read, then the flush, then the answer.
        answered = 0
        pending = {}  # thread -> {"flushed": bool, "commit_reply": bool}
        for tid, call, fd, rest, finished, resumed in ev:
            if call in ("read", "recvfrom", "recvmsg") and "POST /api/v1/patients/" in rest:
                pending[tid] = {"flushed": False, "reply": False}
            elif tid in pending and call in ("fsync", "fdatasync") and finished:
                # The fd is named on the line that starts the call.
                named = fd or next((e[2] for e in reversed(ev[:ev.index((tid, call, fd, rest, finished, resumed))])
                                    if e[0] == tid and e[1] == call and not e[4]), "")
                if named.endswith("-wal"):
                    pending[tid]["flushed"] = True
            elif tid in pending and call in ("read", "recvfrom") and "UNIX" in fd \
                    and "COMMIT" in rest:
                pending[tid]["reply"] = True
            elif call in ("sendto", "write", "writev", "sendmsg") and "TCP:" in fd \
                    and "HTTP/1.1 200" in rest and tid in pending:
                got = pending.pop(tid)
                if apitest.testdb.PG:
                    self.assertTrue(got["reply"], "an answer was sent before its commit returned")
                else:
                    self.assertTrue(got["flushed"],
                                    "an answer was sent before an fsync of the WAL")
                answered += 1
        self.assertEqual(answered, WRITES)
        if apitest.testdb.PG:
            with open(log, errors="replace") as f:
                text = f.read()
            self.assertIn("synchronous_commit = on", text)


if __name__ == "__main__":
    apitest.main()
