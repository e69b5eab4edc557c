"""The portals of the default world: real counties and districts, their departments and towns.

Region codes are the real GB/T 2260 codes of these counties; townships and departments are
real units of them. Behaviour flags spread the awkward cases over the families.
"""

from __future__ import annotations

from portalworld.model import PortalSpec

_DEPTS = ("教育局", "财政局", "卫生健康委员会", "自然资源和规划局", "市场监督管理局",
          "人力资源和社会保障局", "民政局", "交通运输局")


def _d(*names: str) -> tuple[str, ...]:
    return tuple(names)


PORTALS: tuple[PortalSpec, ...] = (
    PortalSpec("jinzhai", "金寨县人民政府", "341524", "anhui_public", "金寨县",
               _d("教育局", "财政局", "融媒体中心"), _d("梅山镇", "青山镇"),
               robots_section=True, theme=0),
    PortalSpec("yeji", "六安市叶集区人民政府", "341504", "anhui_public", "叶集区",
               _d("民政局", "卫生健康委员会"), _d("史河街道", "三元镇"),
               validators=False, broken_links=True, theme=1),
    PortalSpec("huoshan", "霍山县人民政府", "341525", "anhui_public", "霍山县",
               _d("自然资源和规划局", "交通运输局"), _d("衡山镇",), slow=True, theme=2),
    PortalSpec("anji", "安吉县人民政府", "330523", "hanweb", "安吉县",
               _d("教育局", "市场监督管理局"), _d("递铺街道", "天子湖镇"), theme=3),
    PortalSpec("deqing", "德清县人民政府", "330521", "hanweb", "德清县",
               _d("财政局", "人力资源和社会保障局"), _d("武康街道",),
               validators=False, redirect_chain=True, theme=4),
    PortalSpec("yiwu", "义乌市人民政府", "330782", "hanweb", "义乌市",
               _d("民政局", "交通运输局"), _d("稠城街道", "佛堂镇"), broken_links=True, theme=5),
    PortalSpec("tianhe", "广州市天河区人民政府", "440106", "gkmlpt", "天河区",
               _d("教育局", "卫生健康局"), _d("石牌街道",), theme=6),
    PortalSpec("nanhai", "佛山市南海区人民政府", "440605", "gkmlpt", "南海区",
               _d("财政局", "市场监督管理局"), _d("桂城街道", "狮山镇"),
               validators=False, robots_section=True, theme=7),
    PortalSpec("haidian", "北京市海淀区人民政府", "110108", "trs", "海淀区",
               _d("教育委员会", "财政局", "民政局"), _d("中关村街道",), redirect_chain=True, theme=8),
    PortalSpec("wuhou", "成都市武侯区人民政府", "510107", "trs", "武侯区",
               _d("教育局", "卫生健康局"), _d("玉林街道",), encoding="gbk", charset_in="meta",
               broken_links=True, theme=9),
    PortalSpec("qiaokou", "武汉市硚口区人民政府", "420104", "trs", "硚口区",
               _d("融媒体中心", "民政局"), _d("汉正街道", "宝丰街道"), slow=True,
               robots_section=True, theme=10),
    PortalSpec("zhangdian", "淄博市张店区人民政府", "370303", "generic", "张店区",
               _d("教育和体育局", "财政局"), _d("车站街道", "和平街道"), encoding="gbk",
               charset_in="both", redirect_chain=True, theme=11),
    PortalSpec("suizhong", "绥中县人民政府", "211421", "generic", "绥中县",
               _d("教育局", "自然资源局"), _d("绥中镇", "前所镇"), encoding="gbk",
               charset_in="header", validators=False, broken_links=True, theme=12),
    PortalSpec("huaian", "淮安市淮安区人民政府", "320803", "generic", "淮安区",
               _d("财政局", "市场监督管理局"), _d("淮城街道", "车桥镇"), slow=True, theme=13),
    PortalSpec("changsha", "长沙县人民政府", "430121", "generic", "长沙县",
               _d("教育局", "民政局"), _d("星沙街道",), challenge="521", theme=14),
    PortalSpec("kunshan", "昆山市人民政府", "320583", "trs", "昆山市",
               _d("财政局",), _d("玉山镇",), challenge="412", theme=15),
)
