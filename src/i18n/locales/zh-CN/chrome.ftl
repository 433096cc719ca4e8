### 侧边栏、顶部栏和页面标题。

-brand = Meterdesk

page-title = { $page } · { -brand }

nav-main = 主导航
nav-meters = 计量器
nav-products = 产品
nav-customers = 客户
nav-usage = 使用数据
nav-analytics = 分析
nav-settings = 设置

nav-menu = 菜单

skip-to-content = 跳到主要内容
topbar-role = 您的角色
sign-out = 退出登录

role-admin = 管理员
role-editor = 编辑者
role-viewer = 查看者

language-label = 语言
