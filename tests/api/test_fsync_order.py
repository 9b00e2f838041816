"""No acknowledged write lost in a power cut: `backrest serve` runs under
strace (fsync, fdatasync, writes to files and the socket reads and sends
of every thread), clients send diary writes over HTTP, one after another
and then several at once, and every 200 answer to a write must be sent
after the end of a flush (fsync or fdatasync) of the SQLite WAL that
began after the last write to the WAL made for that request.  With
group commit the flush is made by the store group's syncer thread for
all the commits written before it began; the request's own thread
writes the frames (synchronous=NORMAL) and sends the answer, after the
flush, on the same connection.

The checker itself is tested on made-up traces (CheckerSelfTest): it
must refuse an answer with no flush, a flush that began before the
request's WAL write ended, and a flush that ended after the answer left.

On PostgreSQL (api_test_fsync_order_pg) the flush happens in the server
process, which is not traced: the test checks that every connection the
server opens asks for synchronous_commit = on, and that each answer follows
its COMMIT's reply (read by the thread that handled the request).
"""
import os
import re
import shutil
import signal
import subprocess
import threading
import unittest

import apitest

D = "/api/v1"
WRITES = 20
CONCURRENT = 4

LINE = re.compile(r"^(\d+) +(?:<\.\.\. (\w+) resumed>|(\w+)\()(.*)$")
READS = ("read", "recvfrom", "recvmsg")
SENDS = ("sendto", "write", "writev", "sendmsg")
FILE_WRITES = ("write", "writev", "pwrite64", "pwritev")
FLUSHES = ("fsync", "fdatasync")


def calls(lines):
    """One record per system call of an strace -f -yy log: thread, call,
    fd text (from the line that starts it), text, and the line numbers
    where it started and ended (the same for a call strace wrote whole;
    for <unfinished ...> / <... resumed> the two lines)."""
    out, open_calls = [], {}
    for i, line in enumerate(lines):
        m = LINE.match(line.rstrip("\n"))
        if not m:
            continue
        tid, resumed, call, rest = m.groups()
        tid = int(tid)
        if resumed:
            start = open_calls.pop((tid, resumed), None)
            if start is None:
                continue
            c = start
            c["text"] += rest
            c["end"] = i
            out.append(c)
            continue
        # A socket's name holds "->": read it to its closing bracket.
        fd = re.match(r"\d+<([A-Z][A-Z0-9-]*:\[[^\]]*\]|[^>]*)>", rest)
        c = {"tid": tid, "call": call, "fd": fd.group(1) if fd else "",
             "text": rest, "start": i, "end": i}
        if rest.endswith("<unfinished ...>"):
            open_calls[(tid, call)] = c
        else:
            out.append(c)
    out.sort(key=lambda c: c["end"])
    return out


def check(lines, pg):
    """(answers checked, problems): each 200 answer to a diary write must
    follow a WAL flush that began after the request's last WAL write and
    ended before the answer was sent (SQLite), or follow the reply to its
    COMMIT (PostgreSQL)."""
    cs = calls(lines)
    flushes = [c for c in cs if c["call"] in FLUSHES and c["fd"].endswith("-wal")]
    current = {}   # thread -> connection whose request it is handling
    pending = {}   # connection -> {"wal": line or None, "reply": bool}
    answered, problems = 0, []
    for c in cs:
        tid, call, fd, text = c["tid"], c["call"], c["fd"], c["text"]
        if call in READS and "TCP:" in fd and "POST /api/v1/patients/" in text:
            pending[fd] = {"wal": None, "reply": False, "line": c["end"]}
            current[tid] = fd
        elif call in FILE_WRITES and fd.endswith("-wal") and current.get(tid) in pending:
            pending[current[tid]]["wal"] = c["end"]
        elif call in READS and "UNIX" in fd and "COMMIT" in text \
                and current.get(tid) in pending:
            pending[current[tid]]["reply"] = True
        elif call in SENDS and "TCP:" in fd and "HTTP/1.1 200" in text and fd in pending:
            got = pending.pop(fd)
            answered += 1
            if pg:
                if not got["reply"]:
                    problems.append(f"line {c['start'] + 1}: an answer was sent "
                                    "before its commit returned")
            elif got["wal"] is None:
                problems.append(f"line {c['start'] + 1}: an answer to a write "
                                "that wrote nothing to the WAL")
            elif not any(f["start"] > got["wal"] and f["end"] < c["start"]
                         for f in flushes):
                problems.append(f"line {c['start'] + 1}: an answer was sent before "
                                "a flush of the WAL that began after its commit")
    return answered, problems


def run(lines):
    return [f"{tid} {text}\n" for tid, text in lines]


SOCK = '7<TCP:[127.0.0.1:4000->127.0.0.1:5000]>'
REQ = (1, f'recvfrom({SOCK}, "POST /api/v1/patients/1/diary HTTP/1.1", 9, 0) = 9')
WAL = (1, 'pwrite64(9</tmp/x/db-wal>, "..."..., 4120, 0) = 4120')
ANS = (1, f'sendto({SOCK}, "HTTP/1.1 200 OK", 15, 0) = 15')
FLUSH = (2, 'fdatasync(9</tmp/x/db-wal>) = 0')


class CheckerSelfTest(unittest.TestCase):
    def test_accepts_the_right_order(self):
        self.assertEqual(check(run([REQ, WAL, FLUSH, ANS]), False), (1, []))
        split = [REQ, WAL, (2, 'fdatasync(9</tmp/x/db-wal> <unfinished ...>'),
                 (3, 'futex(0x1, FUTEX_WAKE) = 1'),
                 (2, '<... fdatasync resumed>) = 0'), ANS]
        self.assertEqual(check(run(split), False), (1, []))

    def test_refuses_an_answer_without_a_flush(self):
        self.assertEqual(len(check(run([REQ, WAL, ANS]), False)[1]), 1)

    def test_refuses_a_flush_begun_before_the_commit(self):
        early = [REQ, (2, 'fdatasync(9</tmp/x/db-wal> <unfinished ...>'), WAL,
                 (2, '<... fdatasync resumed>) = 0'), ANS]
        self.assertEqual(len(check(run(early), False)[1]), 1)

    def test_refuses_a_flush_ended_after_the_answer(self):
        late = [REQ, WAL, (2, 'fdatasync(9</tmp/x/db-wal> <unfinished ...>'), ANS,
                (2, '<... fdatasync resumed>) = 0')]
        self.assertEqual(len(check(run(late), False)[1]), 1)

    def test_refuses_a_flush_of_another_file(self):
        other = [REQ, WAL, (2, 'fdatasync(8</tmp/x/db>) = 0'), ANS]
        self.assertEqual(len(check(run(other), False)[1]), 1)


@unittest.skipIf(shutil.which("strace") is None, "strace is not installed")
class FsyncOrder(apitest.ApiTest):
    def serve_traced(self, log):
        argv = ["strace", "-f", "-qq", "-yy", "-s", "400", "-o", log,
                "-e", "trace=fsync,fdatasync,read,recvfrom,recvmsg,"
                "write,writev,pwrite64,pwritev,sendto,sendmsg",
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
        errors = []
        try:
            c = apitest.Client(port)
            self.expect(c.login("doc@example.org"), 200)
            for i in range(WRITES):
                r = c.post(f"{D}/patients/{self.pa}/diary",
                           {"date": f"2026-02-{i + 1:02d}", "pain": i % 11})
                self.expect(r, 200)

            # Several at once: their commits share flushes.
            clients = [apitest.Client(port) for _ in range(CONCURRENT)]
            for cw in clients:
                self.expect(cw.login("doc@example.org"), 200)

            def writer(w):
                cw = clients[w]
                for i in range(10):
                    r = cw.post(f"{D}/patients/{self.pa}/diary",
                                {"date": f"2026-01-{w * 7 + i % 7 + 1:02d}",
                                 "pain": (w + i) % 11})
                    if r.status != 200:
                        errors.append(r.status)
            threads = [threading.Thread(target=writer, args=(w,))
                       for w in range(CONCURRENT)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            # SIGTERM to the server itself (strace would detach, not stop).
            with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
                for child in f.read().split():
                    os.kill(int(child), signal.SIGTERM)
            proc.communicate(timeout=60)
        self.assertEqual(errors, [])
        with open(log, errors="replace") as f:
            lines = f.readlines()
        answered, problems = check(lines, apitest.testdb.PG)
        self.assertEqual(problems, [])
        self.assertEqual(answered, WRITES + CONCURRENT * 10)
        if apitest.testdb.PG:
            self.assertIn("synchronous_commit = on", "".join(lines))


if __name__ == "__main__":
    apitest.main()
