"""Keep alsa-lib's own error messages off the terminal.

With no usable sound device, alsa-lib prints "ALSA lib pcm.c:...: Unknown PCM default" and the
like straight to file descriptor 2. In pchain that is the terminal Textual draws on, so the
lines garble the screen. alsa-lib lets a program replace the function that prints them; this
module installs one that does nothing, in this process, through ctypes.

Only in-process ALSA users (simpleaudio) need this; system players run with their stderr on
/dev/null. It is a no-op where libasound is not installed (macOS, minimal Linux images).
"""

from __future__ import annotations

import ctypes
import sys
import threading

_lock = threading.Lock()
_installed: bool | None = None
_handlers: list[object] = []
"""The C callbacks handed to alsa-lib: alsa-lib keeps only a raw pointer, so Python must keep
the objects alive for as long as the library may call them (the rest of the process)."""

# void (*snd_lib_error_handler_t)(const char *file, int line, const char *function, int err,
#                                 const char *fmt, ...)
# It is variadic; a callback that declares only the fixed arguments is safe on the Linux ABIs,
# where the caller pushes and cleans up the extra ones.
_ERROR_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)

# alsa-lib 1.2.15 routes its messages through a new logging hook as well:
# void (*snd_lib_log_handler_t)(int prio, int interface, const char *file, int line,
#                               const char *function, int errcode, const char *fmt, va_list arg)
_LOG_HANDLER = ctypes.CFUNCTYPE(
    None,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_char_p,
    ctypes.c_int,
    ctypes.c_char_p,
    ctypes.c_int,
    ctypes.c_char_p,
    ctypes.c_void_p,
)


def _ignore(*_args: object) -> None:
    """Drop the message."""


def silence_alsa_errors() -> bool:
    """Install a no-op alsa-lib error handler in this process; True if alsa-lib is present.

    Safe to call many times and from any thread; only the first call does anything. Call it
    before the first use of an in-process ALSA client, since some messages come at open time.
    """
    global _installed
    with _lock:
        if _installed is None:
            _installed = _install()
        return _installed


def _install() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        # The soname, not ctypes.util.find_library: that one runs ldconfig in a subprocess.
        # dlopen returns the very library a C extension linked against, so the handler is
        # the one simpleaudio's calls will use.
        library = ctypes.CDLL("libasound.so.2")
        set_error_handler = library.snd_lib_error_set_handler
    except (OSError, AttributeError):
        return False
    handler = _ERROR_HANDLER(_ignore)
    _handlers.append(handler)
    set_error_handler.argtypes = [_ERROR_HANDLER]
    set_error_handler.restype = ctypes.c_int
    set_error_handler(handler)

    set_log_handler = getattr(library, "snd_lib_log_set_handler", None)
    if set_log_handler is not None:
        log_handler = _LOG_HANDLER(_ignore)
        _handlers.append(log_handler)
        set_log_handler.argtypes = [_LOG_HANDLER]
        set_log_handler.restype = ctypes.c_void_p
        set_log_handler(log_handler)
    return True
