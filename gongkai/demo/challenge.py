"""Anti-bot gates: 瑞数 (HTTP 412 with a ``$_ts`` JavaScript shell, never passable without running
it) and 加速乐 (HTTP 521 whose script sets a ``__jsl_clearance`` cookie from string literals)."""

from __future__ import annotations

import hashlib
from http.cookies import SimpleCookie

from gongkai.demo.model import PortalSpec, Resource

JSL_COOKIE = "__jsl_clearance"  # the plain-HTTP name; HTTPS sites use __jsl_clearance_s


def jsl_value(spec: PortalSpec, seed: int) -> str:
    digest = hashlib.md5(f"{seed}-{spec.id}".encode()).hexdigest()
    return f"1742440000.{int(digest[:3], 16) % 1000:03d}|0|{digest[3:27]}"


def _ruishu(spec: PortalSpec, seed: int) -> Resource:
    h = hashlib.sha256(f"{seed}-{spec.id}-rs".encode()).hexdigest()
    body = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta http-equiv="Pragma" content="no-cache"><meta http-equiv="Cache-Control" content="no-cache, no-store, must-revalidate">
<meta id="{h[:22]}" content="{h * 6}" r='m'>
<script type="text/javascript" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={{}};$_ts.nsd=8{int(h[:4], 16)};$_ts.cd="qXrcrGAlqGEkWsQqqqqqqqqqqqqqqqqqqqqqqqq{h[22:60]}";$_ts.lcd=0;</script>
<script type="text/javascript" charset="utf-8" src="/{h[:12]}/{h[12:20]}.{h[20:28]}.js" r='m'></script>
</head><body></body></html>"""
    return Resource(
        body.encode(),
        "text/html",
        status=412,
        headers=(
            ("Set-Cookie", f"FSSBBIl1UgzbN7N80S={h[:40]}; Path=/; HttpOnly"),
            ("Cache-Control", "no-cache"),
        ),
    )


def _jsl(spec: PortalSpec, seed: int) -> Resource:
    value = jsl_value(spec, seed)
    a, b = value[:10], value[10:]
    script = (
        f"document.cookie=('_')+('_')+('jsl_clearance=')+('{a}')+('{b}')"
        "+(';max-age=3600;path=/');location.href=location.pathname+location.search"
    )
    body = f"<script>{script}</script>"
    uid = hashlib.md5(f"{seed}-{spec.id}-uid".encode()).hexdigest()
    return Resource(
        body.encode(),
        "text/html",
        status=521,
        headers=(("Set-Cookie", f"__jsluid_h={uid}; max-age=31536000; path=/; HttpOnly"),),
    )


def check(spec: PortalSpec, headers: dict[str, str], seed: int) -> Resource | None:
    """The challenge answer when the request does not pass the portal's gate, else None."""
    if spec.challenge == "412":
        return _ruishu(spec, seed)
    if spec.challenge == "521":
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:
            return _jsl(spec, seed)
        sent = cookie.get(JSL_COOKIE)
        if sent is None or sent.value != jsl_value(spec, seed):
            return _jsl(spec, seed)
    return None
