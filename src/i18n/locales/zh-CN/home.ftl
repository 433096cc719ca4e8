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
home-step-usage-admin = 在{ $link }中创建 API 密钥。
home-step-usage-non-admin = API 密钥由管理员创建。
home-step-usage-link = 使用数据

## 仪表板的数据、使用和最近上传（templates/home/dashboard.html）。

home-figures-title = 本月
home-events-stored = 已存储事件
home-events-month = 本月 { $count }
home-active-month = 本月活跃客户
home-active-all = { $count } 个客户曾发送使用数据
home-charges = 使用收费（当前计费周期）
home-subscriptions = { $count } 个订阅
home-charges-sub = { $subscriptions }，截至 { $time }
home-no-subscriptions = 还没有订阅：{ $link }到某个产品。
home-no-subscriptions-link = 为客户订阅
home-month-note = 本月：自 { $time } 起。更多内容见{ $link }。
home-analytics-link = 分析
home-usage-title = 本月用量
home-col-meter = 计量器
home-col-month = 本月
home-col-all-time = 累计
home-more-meters = 在分析中查看所有计量器
home-uploads-title = 最近上传
home-uploads-empty = 还没有 CSV 上传：事件来自 API 或手动输入。{ $link }。
home-uploads-empty-link = 上传使用数据
home-upload-row = { $meter }，已接受 { $total } 行中的 { $accepted } 行，{ $time }
home-uploads-all = 所有上传
home-still-to-do = 待完成
home-getting-started = 入门
home-step-usage-admin-link = 设置 → API 密钥
