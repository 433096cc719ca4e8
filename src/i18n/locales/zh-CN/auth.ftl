### 登录页面。

login-title = 登录
login-heading = 登录
login-email = 电子邮件
login-password = 密码
login-submit = 登录
login-failed = 电子邮件或密码不正确。
login-throttled = 登录失败次数过多。请在 { $minutes } 分钟后重试。
