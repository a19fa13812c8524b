"""
gunicorn settings for throwaway test peers (tests/server.inc passes -c this).

If the process that started the peer dies without stopping it (a killed test,
a timeout), the peer stops too instead of lingering: Linux delivers SIGQUIT
(gunicorn's quick shutdown) to the master when its parent exits, and gunicorn
workers always exit when their master is gone.
"""
import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1

graceful_timeout = 2


def _die_with_parent():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGQUIT, 0, 0, 0)
    except (OSError, AttributeError):
        return
    # The parent may already have gone before prctl() took effect.
    expected = os.environ.get("MDSYNC_PEER_PARENT_PID")
    if expected and str(os.getppid()) != expected:
        os.kill(os.getpid(), signal.SIGQUIT)


def on_starting(server):
    _die_with_parent()
