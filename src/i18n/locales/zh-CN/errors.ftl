### 错误页面。

error-title-400 = 请求无效
error-title-401 = 未登录
error-title-403 = 无权访问
error-title-404 = 未找到
error-title-405 = 不允许的方法
error-title-409 = 冲突
error-title-413 = 内容过大
error-title-415 = 不支持的格式
error-title-422 = 请更正输入
error-title-429 = 请求过多
error-title-500 = 出错了
error-title-503 = 暂时不可用
error-title-other = 错误
error-unavailable = Meterdesk 无法连接到其数据库，因此无法显示或保存此页面。这通常是重启或短暂中断所致。请稍等几秒钟后重试。如果您当时正在保存更改，请先重新打开页面，查看更改是否已保存。
error-needs-role = 此操作需要{ $role }角色；您当前以{ $current }身份登录。如有需要，请联系管理员。
error-try-again = 重试
error-back-home = 返回仪表板

## 错误页面显示的内容（API 保留英文消息）。

errors-not-found = 这里什么也没有：它可能已被删除，或者地址有误。
errors-no-page = 此地址没有页面。
errors-no-meter = 没有 ID 为 { $id } 的计量器。
errors-no-product = 没有 ID 为 { $id } 的产品。
errors-no-customer = 没有 ID 为 { $id } 的客户。
errors-no-subscription = 没有 ID 为 { $id } 的订阅。
errors-no-statement = 没有 ID 为 { $id } 的账单。
errors-no-upload = 没有第 { $id } 号上传。
errors-no-operator = 没有此 ID 的操作员。
errors-no-api-key = 没有此 ID 的 API 密钥。
errors-sign-in = 请登录后查看此页面。
errors-csrf = 此表单已过期，或并非来自 Meterdesk（安全令牌缺失或错误）。请返回、重新加载页面后再次提交。
errors-login-expired = 登录表单已过期，或 Cookie 被阻止。请重新加载页面，允许此网站使用 Cookie，然后再次登录。
errors-body-too-large = 请求超过 { $bytes } 字节。请一次少发送一些。
errors-upload-too-large = 上传请求超过 { $bytes } 字节：请只发送 CSV 文件和几个简短字段。
errors-file-too-large = 文件超过 { $mb } MB。请拆分为较小的文件并分别上传。
errors-fields-too-large = 表单字段过长。请缩短后再次发送。
errors-unreadable = 无法读取请求。请返回、重新加载页面后重试。
errors-upload-unreadable = 无法读取上传内容。请重新选择 CSV 文件，并从本网站提交表单。
errors-bad-parameter = 无法读取参数 { $name }。请检查它的值。
errors-bad-text = 发送的文本含有无法保存的字符（控制字符或不可见标记）。请删除后再次发送。
errors-field-path = 路径第 { $n } 段
errors-field-query = 查询参数 { $name }
errors-field-form = 表单字段 { $name }
errors-text-nul = { $field } 的第 { $at } 个字符是 NUL 字符（U+0000）；请删除。
errors-text-control = { $field } 的第 { $at } 个字符是控制字符 { $code }；请删除。
errors-text-utf8 = 路径第 { $n } 段解码后不是有效的 UTF-8。
errors-bad-zone = tz：未知的时区；请使用 Europe/Paris 或 Asia/Kolkata 之类的名称。
errors-unsupported = 请求的格式无法被此页面读取。请从本网站提交表单。
errors-method = { $path } 不接受 { $method }；请使用 { $allowed }。
errors-too-many = 尝试次数过多。请等待 { $seconds } 秒后重试。
errors-internal = 我们这边出了问题。详细信息在服务器日志中。
errors-database-down = 数据库没有响应。请稍后重试。
