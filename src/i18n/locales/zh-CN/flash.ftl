### 修改后显示一次的通知。{ $arg } 是相关的名称或 ID。

flash-password_changed = 您的密码已更改。您的其他会话已退出登录。
flash-operator_role_changed = { $arg } 的角色已更改。
flash-operator_disabled = { $arg } 已被停用，并已在所有设备上退出登录。
flash-operator_enabled = { $arg } 可以再次登录。
flash-api_key_revoked = API 密钥“{ $arg }”已撤销；使用它的请求现在会收到 401。
flash-customer_created = 客户 { $arg } 已创建。
flash-customer_updated = 客户 { $arg } 已保存。
flash-product_created = 产品 { $arg } 已创建。
flash-product_updated = 产品 { $arg } 已保存。
flash-meter_created = 计量器 { $arg } 已创建。
flash-meter_updated = 计量器 { $arg } 已保存。
flash-meter_archived = 计量器 { $arg } 已归档：其数据保留，不再接收新事件。
flash-meter_unarchived = 计量器 { $arg } 已重新启用。
flash-usage_recorded = 已记录 { $count } 个事件。
flash-upload_done = { $arg } 已上传；计数见下方。
flash-upload_checked = { $arg } 的试运行已完成：在您提交之前不会存储任何内容。
flash-warning_upload_same_file = { $arg } 之前已上传过。未存储任何内容：请查看下方的试运行结果，并确认是否再次上传。
flash-event_voided = 事件 { $arg } 已作废：它不再计入任何计量器，其 ID 仍被占用（重新发送会被视为重复）。
flash-upload_rolled_back = { $arg } 已回滚：其事件不再计数。
flash-subscription_created = 订阅 { $arg } 已创建。
flash-subscription_ended = 订阅 { $arg } 已结束。
flash-preferences_saved = 您的偏好设置已保存。
flash-organisation_zone_saved = 组织的时区现在是 { $arg }。
