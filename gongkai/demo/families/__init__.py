"""One site builder per CMS family; each turns a portal's documents into routes."""

from __future__ import annotations

from collections.abc import Callable

from gongkai.demo.families import anhui_public, generic, gkmlpt, hanweb, trs
from gongkai.demo.model import Doc
from gongkai.demo.pages import Ctx

Builder = Callable[[Ctx, list[Doc]], None]

BUILDERS: dict[str, Builder] = {
    "trs": trs.build,
    "hanweb": hanweb.build,
    "anhui_public": anhui_public.build,
    "gkmlpt": gkmlpt.build,
    "generic": generic.build,
}
