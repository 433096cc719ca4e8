### 仪表板（templates/home/dashboard.html，src/portal/home.rs）。

home-title = 仪表板
home-lead = 欢迎使用 { -brand }。只需四步，即可将您产品的使用事件转换为可计费的用量。
home-step-customers-title = 1. 添加客户
home-step-customers-text = 您要计费的账户，以及您的产品在事件中发送的 ID。
home-step-customers-link = 客户
home-step-meters-title = 2. 定义计量器
home-step-meters-text = 统计哪些事件以及如何统计：计数、求和、最大值或属性的最新值。
home-step-meters-link = 计量器
home-step-products-title = 3. 为其定价
home-step-products-text = 按用量计费的产品为每个计量器设定每单位价格和免费阈值。
home-step-products-link = 产品
home-step-usage-title = 4. 发送使用数据
home-step-usage-text = 通过 API、CSV 上传或手动输入。
home-step-usage-admin = 在<a href="/settings/api-keys">设置 → API 密钥</a>中创建 API 密钥。
home-step-usage-non-admin = API 密钥由管理员创建。
home-step-usage-link = 使用数据
