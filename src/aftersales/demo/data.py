"""The demo data set's fixed parts: a national network on real Chinese city coordinates."""

from decimal import Decimal

DEMO_PASSWORD = "demo-2026"
DEMO_LOGINS: list[tuple[str, str]] = [
    ("admin", "administrator (superuser) · 管理员"),
    ("agent", "customer-service agent, network · 客服"),
    ("dispatcher", "dispatcher, East China centre · 调度"),
    ("advisor", "service advisor, Shanghai Pudong station · 服务顾问"),
    ("technician", "technician, Shanghai Pudong station · 维修技师"),
    ("auditor", "auditor, Haiyue Appliances (manufacturer) · 审核员"),
    ("manager", "station manager, Shanghai Pudong · 服务经理"),
    ("manager2", "station manager, Hangzhou (another station) · 服务经理"),
    ("customer", "customer 张伟 · 客户"),
    ("assessor", "warranty assessor, Shanghai Pudong station (files claims) · 保修鉴定员"),
    ("finance", "finance, Haiyue Appliances (manufacturer) · 财务"),
    ("network_finance", "finance, the service network · 财务"),
    ("parts_clerk", "old-parts clerk, Haiyue Appliances (manufacturer) · 备件员"),
    ("supplier", "finance, 华达压缩机 (supplier of Haiyue) · 供应商财务"),
]

# The warranty money chain's people (demo/claims.py): username, role, organisation code, name.
# Besides the logins above: the carmaker's finance and old-parts clerk, the compressor
# supplier's stores clerk (compressors go straight back to it) and the other suppliers' finance.
CLAIMS_PEOPLE = [
    ("assessor", "warranty_assessor", "ST-SH-PD", "鉴定员 孙丽"),
    ("finance", "finance", "MF-HAIYUE", "财务 王芳"),
    ("finance_car", "finance", "MF-YUANHANG", "财务 李强"),
    ("network_finance", "finance", "NET-CN", "结算 赵敏"),
    ("parts_clerk", "parts_clerk", "MF-HAIYUE", "旧件库 刘洋"),
    ("parts_clerk_car", "parts_clerk", "MF-YUANHANG", "旧件库 郭磊"),
    ("supplier", "finance", "SP-COMP", "财务 何静"),
    ("supplier_clerk", "parts_clerk", "SP-COMP", "仓管 马超"),
    ("supplier_elec", "finance", "SP-ELEC", "财务 林涛"),
    ("supplier_auto", "finance", "SP-AUTO", "财务 高飞"),
]

NETWORK = ("NET-CN", "全国家电汽车售后服务联盟")

# code, name, city, province, lat, lon
REGIONS = [
    ("RC-NORTH", "华北地市级管理站", "北京", "北京市", Decimal("39.904200"), Decimal("116.407396")),
    ("RC-EAST", "华东地市级管理站", "上海", "上海市", Decimal("31.230416"), Decimal("121.473701")),
    ("RC-SOUTH", "华南地市级管理站", "广州", "广东省", Decimal("23.129110"), Decimal("113.264385")),
]

# code, name, region code, city, province, lat, lon, hourly labour rate
STATIONS = [
    (
        "ST-BJ-CY",
        "北京朝阳服务站",
        "RC-NORTH",
        "北京",
        "北京市",
        Decimal("39.921500"),
        Decimal("116.443000"),
        Decimal("110"),
    ),
    (
        "ST-BJ-HD",
        "北京海淀服务站",
        "RC-NORTH",
        "北京",
        "北京市",
        Decimal("39.959900"),
        Decimal("116.298100"),
        Decimal("110"),
    ),
    (
        "ST-TJ",
        "天津河西服务站",
        "RC-NORTH",
        "天津",
        "天津市",
        Decimal("39.109600"),
        Decimal("117.223400"),
        Decimal("95"),
    ),
    (
        "ST-SJZ",
        "石家庄服务站",
        "RC-NORTH",
        "石家庄",
        "河北省",
        Decimal("38.042300"),
        Decimal("114.514300"),
        Decimal("85"),
    ),
    (
        "ST-SH-PD",
        "上海浦东服务站",
        "RC-EAST",
        "上海",
        "上海市",
        Decimal("31.221500"),
        Decimal("121.544000"),
        Decimal("120"),
    ),
    (
        "ST-HZ",
        "杭州西湖服务站",
        "RC-EAST",
        "杭州",
        "浙江省",
        Decimal("30.259200"),
        Decimal("120.130000"),
        Decimal("105"),
    ),
    (
        "ST-NJ",
        "南京鼓楼服务站",
        "RC-EAST",
        "南京",
        "江苏省",
        Decimal("32.066200"),
        Decimal("118.779700"),
        Decimal("100"),
    ),
    (
        "ST-SZ-JS",
        "苏州工业园区服务站",
        "RC-EAST",
        "苏州",
        "江苏省",
        Decimal("31.317600"),
        Decimal("120.722100"),
        Decimal("100"),
    ),
    (
        "ST-GZ-TH",
        "广州天河服务站",
        "RC-SOUTH",
        "广州",
        "广东省",
        Decimal("23.124900"),
        Decimal("113.361200"),
        Decimal("105"),
    ),
    (
        "ST-SZ-NS",
        "深圳南山服务站",
        "RC-SOUTH",
        "深圳",
        "广东省",
        Decimal("22.533300"),
        Decimal("113.930400"),
        Decimal("115"),
    ),
    (
        "ST-FS",
        "佛山禅城服务站",
        "RC-SOUTH",
        "佛山",
        "广东省",
        Decimal("23.021800"),
        Decimal("113.121400"),
        Decimal("90"),
    ),
    (
        "ST-DG",
        "东莞南城服务站",
        "RC-SOUTH",
        "东莞",
        "广东省",
        Decimal("23.020500"),
        Decimal("113.751800"),
        Decimal("90"),
    ),
]

APPLIANCE = ("MF-HAIYUE", "海岳家电")
CARMAKER = ("MF-YUANHANG", "远航汽车")
SUPPLIERS = [
    ("SP-COMP", "华达压缩机有限公司"),
    ("SP-ELEC", "德宏电子有限公司"),
    ("SP-AUTO", "长城汽车零部件有限公司"),
]

# category code, name, is vehicle, warranty months; then models: code, name, complexity
APPLIANCE_CATALOGUE = [
    (
        "FRIDGE",
        "冰箱",
        False,
        12,
        [("BCD-470WD", "海岳对开门冰箱 470L", "1.20"), ("BCD-218", "海岳双门冰箱 218L", "1.00")],
    ),
    (
        "AC",
        "空调",
        False,
        36,
        [("KFR-35GW", "海岳挂式空调 1.5匹", "1.10"), ("KFR-72LW", "海岳柜式空调 3匹", "1.30")],
    ),
    (
        "WASHER",
        "洗衣机",
        False,
        12,
        [("XQG100", "海岳滚筒洗衣机 10kg", "1.10"), ("XQB80", "海岳波轮洗衣机 8kg", "1.00")],
    ),
]
CAR_CATALOGUE = [
    (
        "SEDAN",
        "轿车",
        True,
        36,
        [("YH-S5", "远航S5 轿车", "1.40"), ("YH-S7", "远航S7 轿车", "1.50")],
    ),
    ("SUV", "SUV", True, 36, [("YH-X6", "远航X6 SUV", "1.60")]),
]
APPLIANCE_OPERATIONS = [
    ("AP-DIAG", "上门检测诊断", "0.50"),
    ("AP-INSTALL", "安装调试", "1.50"),
    ("AP-REFRIG", "补充冷媒", "1.00"),
    ("AP-COMP", "更换压缩机", "3.00"),
    ("AP-BOARD", "更换主控板", "1.00"),
    ("AP-CLEAN", "深度清洗保养", "1.50"),
]
CAR_OPERATIONS = [
    ("CR-5K", "首保（5000公里）", "1.00"),
    ("CR-10K", "10000公里保养", "1.20"),
    ("CR-40K", "40000公里大保养", "3.50"),
    ("CR-BRAKE", "更换前刹车片", "1.20"),
    ("CR-DIAG", "电控系统诊断", "0.80"),
]
APPLIANCE_PARTS = [
    ("HY-COMP-01", "压缩机 QD65", "480.00", "SP-COMP"),
    ("HY-PCB-02", "主控板", "260.00", "SP-ELEC"),
    ("HY-R600", "冷媒 R600a", "45.00", None),
    ("HY-DRAIN", "排水泵", "85.00", "SP-ELEC"),
    ("HY-SEAL", "门封条", "60.00", None),
]
CAR_PARTS = [
    ("YH-OIL-5W30", "机油 5W-30 4L", "298.00", None),
    ("YH-FILTER", "机油滤清器", "48.00", "SP-AUTO"),
    ("YH-PAD-F", "前刹车片", "420.00", "SP-AUTO"),
    ("YH-SPARK", "火花塞", "65.00", "SP-AUTO"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红斌鹏飞宇晨浩然子涵思琪雨欣"
STREETS = [
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "和平路",
    "新华路",
    "长江路",
    "黄河路",
    "文化路",
    "胜利路",
]
FAULTS = {
    "FRIDGE": [
        "冰箱不制冷，冷藏室温度偏高",
        "冷冻室结霜严重",
        "压缩机噪音大",
        "冰箱漏水",
        "显示屏报E1故障",
    ],
    "AC": ["空调不制冷", "室内机滴水", "遥控无反应", "外机异响", "制热效果差，报F4"],
    "WASHER": ["洗衣机不排水", "脱水时震动剧烈", "门锁打不开", "进水慢", "报E21错误"],
    "SEDAN": ["发动机故障灯亮", "刹车有异响", "到5000公里首保", "空调出风不凉", "仪表盘报警"],
    "SUV": ["变速箱换挡顿挫", "底盘异响", "到10000公里保养", "胎压报警", "车门密封漏水"],
}
