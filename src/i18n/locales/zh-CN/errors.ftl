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
