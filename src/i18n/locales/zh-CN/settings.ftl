### 设置：偏好、组织、操作员、API 密钥、审计日志、密码。


## The settings page.

settings-title = 设置
settings-password-link = 我的密码
settings-password-desc = 更改您用于登录的密码。
settings-operators-link = 操作员
settings-operators-desc = 谁可以登录，以及使用哪个角色。
settings-api-keys-link = API 密钥
settings-api-keys-desc = 您的产品用于发送使用事件和调用 API 的密钥。
settings-audit-link = 审计日志
settings-audit-desc = 操作员所做的每一项更改，由谁以及何时进行。

## Your preferences: every operator's own language and time zone.

prefs-heading = 您的偏好设置
prefs-lead = 门户对您使用的语言，以及显示时间所用的时区。仅更改您自己的账户。
prefs-language = 语言
prefs-language-browser = 跟随浏览器
prefs-language-help = 如果不选择，门户将使用您的浏览器请求的语言。
prefs-language-unknown = 请选择列表中的一种语言。
prefs-zone-organisation = 组织的时区（{ $zone }）
prefs-zone-help = 时间将以此时区显示并附带偏移量；图表中的日、周、月也按此时区划分。
prefs-now = 您所在时区的当前时间：{ $time }
prefs-save = 保存我的偏好设置

## The organisation's time zone (admins).

org-heading = 组织
org-zone-label = 组织时区
org-zone-help = 所有未自行选择时区的操作员所使用的时区。计费周期仍以每个订阅的开始时间为基准。
org-save = 保存组织时区

## Operators.

operators-title = 操作员
operators-created = { $email } 现在可以登录了。
operators-one-time-password = 一次性密码，仅在此时显示——请安全地转交；首次登录时必须更改：
operators-add = 添加操作员
operators-email = 电子邮件
operators-role = 角色
operators-role-help = 管理员：全部权限。编辑者：计量器、产品、客户、使用数据。查看者：只读。
operators-add-submit = 添加
operators-status = 状态
operators-added = 添加时间
operators-you = 您
operators-role-of = { $email } 的角色
operators-change = 更改
status-disabled = 已停用
status-one-time-password = 一次性密码
status-active = 有效
status-revoked = 已撤销
operators-enable = 启用
operators-disable = 停用
operators-disable-confirm = 停用 { $email }？其将立即退出登录。
operators-role-invalid = 请选择管理员、编辑者或查看者。
operators-email-exists = 电子邮件为 { $email } 的操作员已存在。
operators-only-admin = 这是唯一启用的管理员。请先将另一名操作员设为管理员。
operators-not-yourself = 您不能停用自己的账户。
email-empty = 请输入电子邮件地址。
email-too-long = 电子邮件地址最多 254 个字符。
email-invalid = 请输入电子邮件地址，例如 ana@example.com。

## API keys.

api-keys-title = API 密钥
api-keys-lead = 您的产品使用 { $header } 将使用数据发送到 { $path }。
api-keys-created = API 密钥“{ $name }”已创建。请立即复制：它只显示一次，且仅以哈希形式存储。
api-keys-create = 创建密钥
api-keys-name = 名称
api-keys-name-help = 使用它的地方，例如“生产应用”。
api-keys-create-submit = 创建
api-keys-empty = 还没有 API 密钥——请在上方创建一个，以便您的产品发送使用数据。
api-keys-key = 密钥
api-keys-created-at = 创建时间
api-keys-last-used = 上次使用
api-keys-by = 创建者 { $email }
api-keys-never = 从未
api-keys-revoke = 撤销
api-keys-revoke-confirm = 撤销“{ $name }”？使用它的请求将立即被拒绝。
api-keys-name-invalid = 请为密钥起一个 1 到 100 个字符的名称，例如“生产应用”。
api-keys-already-revoked = 此密钥已被撤销。

## The audit log.

audit-title = 审计日志
audit-empty = 尚无记录。操作员所做的每一项更改都会显示在这里。
audit-when = 时间
audit-who = 操作者
audit-action = 操作
audit-target = 对象
audit-details = 详情
audit-older = 更早的记录
audit-actor-cli = 命令行
audit-actor-system = Meterdesk（自动）
audit-actor-api-key = API 密钥“{ $name }”（#{ $id }）

## Changing one's password.

password-title = 更改密码
password-heading = 更改您的密码
password-forced = 您的账户是使用一次性密码创建的。请设置您自己的密码以继续。
password-current = 当前密码
password-new = 新密码
password-new-help = 至少 12 个字符。几个互不相关的词就能组成一个好密码。
password-confirm = 再次输入新密码
password-submit = 更改密码
password-current-wrong = 当前密码不正确。
password-mismatch = 两次输入的新密码不一致。
password-same = 请选择与当前密码不同的密码。
password-too-short = 请至少使用 12 个字符。
password-too-long = 最多使用 256 个字符。
