"""LibreOffice conversion worker, run by the system Python that has ``uno`` (not the venv).

Protocol: one JSON request per stdin line ``{"in": path, "out": path, "filter": name}``,
one JSON reply per stdout line ``{"ok": true}`` or ``{"ok": false, "error": "..."}``.
The first line written is ``{"ready": true}`` once soffice accepts connections.
argv: soffice binary, user-profile directory, pipe name.
This file must run on the system interpreter: standard library and ``uno`` only.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def _props(**kwargs):
    out = []
    for key, value in kwargs.items():
        prop = PropertyValue()
        prop.Name = key
        prop.Value = value
        out.append(prop)
    return tuple(out)


def _start(soffice, profile, pipe):
    proc = subprocess.Popen(
        [
            soffice,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            "--nofirststartwizard",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so that it can be stopped whole
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.time() + 60
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception as exc:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"soffice did not start (exit code {proc.poll()})") from exc
            time.sleep(0.1)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return proc, desktop


def _convert(desktop, src, dst, filter_name):
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(src),
        "_blank",
        0,
        _props(Hidden=True, ReadOnly=True, UpdateDocMode=0),
    )
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(dst), _props(FilterName=filter_name, Overwrite=True))
    finally:
        doc.close(True)


def _stop(proc, desktop):
    """Ask LibreOffice to quit; kill its whole process group if it does not."""
    with contextlib.suppress(Exception):
        desktop.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def main():
    soffice, profile, pipe = sys.argv[1:4]
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
    state = {}
    state["proc"], state["desktop"] = _start(soffice, profile, pipe)
    try:
        _serve(soffice, profile, pipe, state)
    finally:
        _stop(state["proc"], state["desktop"])


def _serve(soffice, profile, pipe, state):
    out = sys.stdout
    out.write(json.dumps({"ready": True, "soffice_pgid": state["proc"].pid}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            if state["proc"].poll() is not None:  # LibreOffice died: start another
                _stop(state["proc"], state["desktop"])
                state["proc"], state["desktop"] = _start(soffice, profile, pipe)
            _convert(state["desktop"], req["in"], req["out"], req["filter"])
            reply = {"ok": os.path.exists(req["out"])}
            if not reply["ok"]:
                reply["error"] = "LibreOffice wrote no output"
        except Exception as exc:  # report every failure to the caller, keep serving
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        reply["soffice_pgid"] = state["proc"].pid
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
