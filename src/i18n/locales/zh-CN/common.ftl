### 计数、相对时间、图表和时区。
### 中文只有一种复数形式（other），因此无需变体。

events-count = { $count } 个事件
meters-count = { $count } 个计量器
customers-count = { $count } 个客户

## 相对时间。

time-just-now = 刚刚
time-in-moments = 几秒后
time-minutes-ago = { $count } 分钟前
time-hours-ago = { $count } 小时前
time-days-ago = { $count } 天前
time-months-ago = { $count } 个月前
time-years-ago = { $count } 年前
time-in-minutes = { $count } 分钟后
time-in-hours = { $count } 小时后
time-in-days = { $count } 天后
time-in-months = { $count } 个月后
time-in-years = { $count } 年后

## 图表。

chart-week-of = { $date } 当周

## 时区。

timezone-label = 时区
timezone-required = 时区为必填项；请选择一个时区，例如 Europe/Paris 或 Asia/Kolkata。
timezone-unknown = “{ $given }”不是时区名称；请选择一个时区，例如 Europe/Paris、America/New_York 或 Asia/Kolkata。
timezone-did-you-mean = “{ $given }”不是时区名称；您是否指的是 { $suggestion }？
