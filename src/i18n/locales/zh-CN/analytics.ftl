### 分析：概述及其图表、事件表、单个事件（来源、哪些计量器统计它、作废表单）、未被任何计量器统计的事件、客户表及其 CSV 导出，以及对账。
### 事件名称、ID、元数据键和 CSV 表头保持原样。

## templates/analytics/nav.html

analytics-nav-label = 分析
analytics-nav-overview = 概述
analytics-nav-events = 事件
analytics-nav-customers = 客户
analytics-nav-unmatched = 未匹配事件
analytics-nav-reconciliation = 对账

## templates/analytics/overview.html

analytics-overview-title = 分析
analytics-overview-activity = 活动
analytics-overview-events-month = 本月事件
analytics-overview-events-all = 累计 { $count }
analytics-overview-active-month = 本月活跃客户
analytics-overview-active-all = { $count } 个客户曾发送使用数据
analytics-overview-charges = 使用收费（当前计费周期）
analytics-overview-charges-sub = { $count } 个订阅，截至 { $time }
analytics-overview-month-note = 本月：自 { $time } 起。每个客户的账单按其自己的计费周期计算——请参阅<a href="/analytics/customers">客户</a>。
analytics-overview-usage-title = 各计量器用量
analytics-overview-no-meters = 还没有活跃的计量器——<a href="/meters/new">创建一个</a>。
analytics-overview-col-meter = 计量器
analytics-overview-col-aggregation = 聚合
analytics-overview-col-month = 本月
analytics-overview-col-all-time = 累计
analytics-overview-chart-title = 计量用量
analytics-overview-range = 时间范围
analytics-overview-range-7d = 7 天
analytics-overview-range-30d = 30 天
analytics-overview-range-90d = 90 天
analytics-overview-range-12m = 12 个月
analytics-overview-range-custom = 自定义
analytics-overview-custom-from = 自定义范围开始
analytics-overview-custom-to = 自定义范围结束
analytics-overview-from = 从
analytics-overview-to-exclusive = 至（不含）
analytics-overview-granularity = 粒度
analytics-overview-granularity-day = 日
analytics-overview-granularity-week = 周
analytics-overview-granularity-month = 月
analytics-overview-meters = 计量器
analytics-overview-update = 更新图表
analytics-overview-chart-empty = 暂无可绘制的数据：计量器统计到事件后会显示在这里。
analytics-overview-chart-refused = 此范围无法生成图表：请在上方更正后点击“更新图表”。
analytics-overview-show-data = 显示数据

## src/portal/analytics/overview.rs，src/analytics/chart/mod.rs，src/analytics/chart/time.rs

analytics-overview-error-custom-range = 请填写自定义范围的两个日期。
analytics-error-end-before-start = 结束时间必须晚于开始时间。
analytics-overview-error-too-many-bars = 超过了 { $max } 个柱：请选择更粗的粒度或更短的时间范围。
analytics-chart-summary = { $title }；{ $facts }
analytics-chart-names-and = { $rest } 和 { $last }
analytics-chart-series-unit = { $name }（{ $unit }）
analytics-chart-no-periods = 范围内没有期间
analytics-chart-zero-every-day = 每天 { $quantity }
analytics-chart-zero-every-week = 每周 { $quantity }
analytics-chart-zero-every-month = 每月 { $quantity }
analytics-chart-max = 最大值 { $quantity }（{ $when }）
analytics-chart-max-min = 最大值 { $quantity }（{ $when }），最小值 { $min }（{ $min-when }）
analytics-chart-on-day = { $period }
analytics-chart-in-period = { $period }
analytics-chart-series-facts = { $name }：{ $facts }
analytics-chart-bar = { $name } · { $period } · { $value }
analytics-chart-bar-unit = { $name } · { $period } · { $value } { $unit }
analytics-chart-week-of = { $date } 当周
analytics-chart-bar-period = { $period }，{ $start } 至 { $end }
analytics-chart-title-day = { $names }（按日），{ $from } 至 { $to }
analytics-chart-title-week = { $names }（按周），{ $from } 至 { $to }
analytics-chart-title-month = { $names }（按月），{ $from } 至 { $to }
analytics-chart-sentence = { $facts }。
analytics-chart-tick-thousand = { $n }千
analytics-chart-tick-million = { $n }百万
analytics-chart-tick-billion = { $n }十亿
analytics-chart-tick-trillion = { $n }万亿

## templates/analytics/events.html

analytics-events-title = 事件
analytics-events-unmatched-link = 未被任何计量器统计的事件
analytics-events-lead = 所有已存储的使用事件，最新的在前。打开一个事件可查看其元数据、来源以及统计它的计量器。
analytics-events-filter-label = 过滤事件
analytics-events-meter-label = 计量器
analytics-events-any-event = 任意事件
analytics-events-meter-option = { $name }（{ $event }）
analytics-events-meter-option-archived = { $name }（{ $event }）——已归档
analytics-events-meter-help = 仅显示该计量器统计的事件：按其事件名称和事件过滤。
analytics-events-event-name-label = 事件名称
analytics-events-event-name-help = 精确匹配且区分大小写，例如 api.call。
analytics-events-customer-label = 客户 ID
analytics-events-customer-help = 精确匹配，例如 cus_QMJJtcu70R1x46。
analytics-events-from-label = 从（事件时间）
analytics-events-from-help = 包含。
analytics-events-to-label = 至
analytics-events-to-help = 不包含；只填日期时包含当天。
analytics-events-source-label = 来源
analytics-events-any-source = 任意来源
analytics-source-api = API
analytics-source-manual = 手动输入
analytics-source-upload = CSV 上传
analytics-source-stripe = Stripe 计量事件
analytics-source-cloudevents = CloudEvents
analytics-events-apply = 应用过滤
analytics-events-clear = 清除
analytics-events-times-help = 时间格式：2024-09-23、2024-09-23 16:22 或 2024-09-23 16:22:25、2024-09-23T16:22:25Z、2024-09-23T16:22:25+05:30，或 Unix 秒数，例如 1727108545。未指定时区的时间按您的时区（{ $zone }）计。
analytics-events-meter-scope = { $meter } 统计的事件：{ $event } 事件。
analytics-events-meter-scope-filtered = { $meter } 统计的事件：满足 { $filter } 的 { $event } 事件。
analytics-events-meter-scope-archived = { $meter } 统计的事件：在其于 { $time } 归档之前收到的 { $event } 事件。
analytics-events-meter-scope-filtered-archived = { $meter } 统计的事件：在其于 { $time } 归档之前收到的、满足 { $filter } 的 { $event } 事件。
analytics-events-no-more = 没有更多事件。<a href="{ $url }">返回最新</a>。
analytics-events-empty = 还没有事件——请使用 API 密钥将事件发送到 <code>POST /api/v1/events/ingest</code>，或在<a href="/meters">计量器页面</a>添加使用数据（手动输入或 CSV 上传）。
analytics-events-no-match = 没有符合这些过滤条件的事件。
analytics-events-name-conflict = 该计量器接收 { $listens }，但事件名称过滤要求 { $asked }：请清除其中之一。
analytics-events-unknown-customer = 没有 ID 为 { $id } 的客户——客户 ID 需精确匹配且区分大小写。<a href="{ $url }">搜索客户</a>。
analytics-events-no-match-help = 事件名称和客户 ID 均需精确匹配。请尝试扩大时间范围，或查看<a href="/analytics/unmatched">未被任何计量器统计的事件</a>。
analytics-events-table-label = 事件
analytics-events-col-event-name = 事件名称
analytics-events-col-event-id = 事件 ID
analytics-events-col-customer = 客户
analytics-events-col-timestamp = 时间戳
analytics-events-col-source = 来源
analytics-events-only-named = 仅显示名为 { $name } 的事件
analytics-events-only-customer = 仅显示此客户的事件
analytics-events-source-stripe = Stripe
analytics-events-source-upload = 上传
analytics-events-source-upload-number = 上传 #{ $id }
analytics-events-source-upload-row = 上传 #{ $id }，第 { $row } 行
analytics-events-pager-label = 分页
analytics-events-newest = 最新
analytics-events-next = 下一页

## src/analytics/events/query.rs，service.rs

analytics-events-time-forms-below = 请使用下方列出的格式之一
analytics-events-error-range = 范围的结束时间必须晚于开始时间。
analytics-events-error-source = 请选择 API、手动输入、上传、Stripe 或 CloudEvents。
analytics-events-error-no-meter = 没有 ID 为 { $id } 的计量器；请从列表中选择。

## templates/analytics/event.html

analytics-event-title = 事件 { $id }
analytics-event-heading = 事件
analytics-event-voided-badge = 已作废
analytics-event-customer-events = 此客户的事件
analytics-event-voided-with-reason = <strong>已于 { $time } 作废</strong>，原因：<q>{ $reason }</q>。此事件不再计入任何计量器。其 ID 仍被占用：再次发送相同事件将被视为重复。此处保留该事件以备查。
analytics-event-voided-by-rollback = <strong>已于 { $time } 作废</strong>：{ $upload } 已回滚，因此此事件不再计入任何计量器，其 ID 可以重新发送。此处保留该事件以备查。
analytics-event-its-upload = 其所属的上传
analytics-event-upload-link = 上传 #{ $id }
analytics-event-fields-label = 事件字段
analytics-event-prop-id = 事件 ID
analytics-event-prop-name = 事件名称
analytics-event-matched-exactly = （精确匹配，区分大小写）
analytics-event-prop-customer = 客户
analytics-event-no-customer = （该客户已不存在）
analytics-event-prop-timestamp = 时间戳
analytics-event-prop-received = 接收时间
analytics-event-receipt-order = （接收顺序 #{ $seq }）
analytics-event-prop-source = 来源

## templates/analytics/event.html，来源

analytics-lineage-api-key = 通过 API 密钥“{ $key }”（#{ $id }）发送
analytics-lineage-api-key-deleted = 通过 API 密钥 #{ $id } 发送（该密钥已删除）
analytics-lineage-api = 通过 API 发送
analytics-lineage-revoked = 已撤销
analytics-lineage-manual = 由 { $email } 在计量器页面输入
analytics-lineage-manual-gone = 由操作员 #{ $id }（已不存在）在计量器页面输入
analytics-lineage-manual-unknown = 在计量器页面手动输入
analytics-lineage-upload-row = { $upload } 的第 { $row } 行
analytics-lineage-upload-some-row = { $upload } 中的一行
analytics-lineage-upload = 上传 #{ $id }（{ $file }），上传于 { $time }
analytics-lineage-upload-by = 上传 #{ $id }（{ $file }），由 { $email } 上传于 { $time }
analytics-lineage-upload-with-key = 上传 #{ $id }（{ $file }），通过 API 密钥“{ $key }”（#{ $key-id }）上传于 { $time }
analytics-lineage-upload-rolled-back = ——已于 { $time } 回滚
analytics-lineage-upload-gone = 上传 #{ $id }
analytics-lineage-an-upload = 某次上传
analytics-lineage-stripe = 作为 Stripe 计量事件发送（通过 <code>/stripe</code>）
analytics-lineage-cloudevent = 作为 CloudEvent 发送（发送到 <code>POST /api/v1/events</code>）
analytics-lineage-with-key = ，使用 API 密钥“{ $key }”（#{ $id }）
analytics-lineage-with-key-deleted = ，使用 API 密钥 #{ $id }（该密钥已删除）

## templates/analytics/event.html，元数据和计量器

analytics-event-metadata-title = 元数据
analytics-event-metadata-empty = 没有元数据：该事件只有名称、客户和时间。带有事件过滤或使用 <code>count</code> 以外聚合的计量器需要属性。
analytics-event-metadata-label = 元数据
analytics-event-col-key = 键
analytics-event-col-value = 值
analytics-event-col-type = 类型
analytics-event-reads-as-number = （可读作数字）
analytics-value-type-string = 字符串
analytics-value-type-number = 数字
analytics-value-type-boolean = 布尔值
analytics-value-type-null = null
analytics-value-type-list = 列表
analytics-value-type-object = 对象
analytics-event-meters-title = 哪些计量器统计它
analytics-event-voided-counts-none = 无：已作废的事件不计入任何计量器。
analytics-event-no-meter = 没有计量器接收 { $name }，因此此事件目前不计入任何地方。它会被保留：之后为此名称创建的计量器也会统计它。
analytics-event-did-you-mean = <strong>您是否指的是“{ $suggestion }”？</strong>有计量器接收 { $link }；事件名称需精确匹配，因此大小写和标点必须相同。
analytics-event-create-meter = 为 { $name } <a href="/meters/new">创建计量器</a>。
analytics-event-counted-by-none = <strong>没有计量器统计此事件。</strong>下面逐个计量器列出原因。
analytics-event-counted-by = 统计此事件的计量器：{ $meters }。
analytics-event-all-archived = 所有同名计量器均已归档。
analytics-event-badge-active = 活跃
analytics-event-badge-archived = 已归档
analytics-event-badge-counted = 已统计
analytics-event-badge-not-counted = 未统计
analytics-event-definition = { $event } 事件：{ $aggregation }，单位为 { $unit }。
analytics-event-definition-filtered = 满足 { $filter } 的 { $event } 事件：{ $aggregation }，单位为 { $unit }。
analytics-event-archived-before = 已于 { $time } 归档，早于收到此事件：已归档的计量器不再接收新事件。
analytics-event-archived-after = 已于 { $time } 归档；它仍统计在此之前收到的事件，包括此事件。
analytics-event-filter-passes = 事件过滤：事件通过。
analytics-event-filter-excludes = 事件过滤：<strong>事件被过滤排除。</strong>
analytics-event-filter-table-label = { $name } 的事件过滤，逐条条件
analytics-event-col-condition = 条件
analytics-event-col-result = 结果
analytics-event-col-why = 原因
analytics-event-holds = 成立
analytics-event-fails = 不成立
analytics-event-value-error = 无法读取此事件（{ $aggregation }）：<strong>{ $error }</strong>。
analytics-event-adds = 增加 { $value } { $unit }。
analytics-event-would-add = 将增加 { $value } { $unit }。
analytics-event-counts-one = 计为 1 个事件。
analytics-event-would-count-one = 将计为 1 个事件。

## templates/analytics/event.html，src/ingest/void/mod.rs

analytics-void-title = 作废此事件
analytics-void-help = 作废的事件会立即在所有报告中停止计入任何计量器。它会连同您填写的原因一起保留以备查，其 ID 仍被占用：再次发送相同事件将被视为重复。已结算为账单的计费周期不会更改；更正会体现在下一张账单上。
analytics-void-reason-label = 原因
analytics-void-reason-help = 例如“重试导致发送了两次”或“测试流量”。原因会与事件一起保存，并记录在审计日志中。
analytics-void-submit = 作废此事件
analytics-void-error-reason-required = 请说明作废此事件的原因（例如“重试导致发送了两次”）：原因会与事件一起保存，并记录在审计日志中。
analytics-void-error-reason-too-long = 原因有 { $chars } 个字符；最多 { $max } 个。
analytics-void-error-not-found = 没有已存储的事件 ID 为“{ $id }”。ID 需精确匹配。
analytics-void-error-already = 事件“{ $id }”已于 { $time } 作废；它不再计入。
analytics-void-error-wrong-name = 事件“{ $id }”的事件名称是“{ $actual }”，不是“{ $expected }”；未作废任何事件。
analytics-event-voided-copies-other = 此 ID 的其他已作废副本
analytics-event-voided-copies-earlier = 此 ID 之前已作废的副本
analytics-event-voided-copies-label = 已作废的副本
analytics-event-copies-col-why = 原因
analytics-event-copies-col-voided = 作废时间
analytics-event-copies-col-name = 事件名称
analytics-event-copies-col-customer = 客户
analytics-event-copies-col-timestamp = 时间戳
analytics-event-voided-own = 单独作废：{ $reason }
analytics-event-voided-rollback = { $upload } 已回滚
analytics-event-voided-rollback-row = { $upload } 第 { $row } 行已回滚
analytics-event-not-found-title = 未找到事件
analytics-event-not-found = 没有存储 ID 为 { $id } 的事件，也没有作废过此 ID 的事件。
analytics-event-not-found-help = ID 需精确匹配。被接收 API 拒绝的事件不会存储：拒绝原因见 API 响应（若为 CSV 上传，则见该上传的错误文件）。可在<a href="/analytics/events">事件表</a>中按客户、名称或时间查找事件。

## templates/analytics/unmatched.html

analytics-unmatched-title = 未被任何计量器统计的事件
analytics-unmatched-all-events = 所有事件
analytics-unmatched-lead = 已收到却没有产生任何收费的使用数据，通常是因为事件名称与计量器的不同（大小写、<code>.</code> 与 <code>-</code> 或 <code>_</code>），或者被计量器的事件过滤排除。这些事件已被存储：修正发送方，或创建、编辑计量器后，它们就会被统计。
analytics-unmatched-window-label = 时间窗口
analytics-unmatched-last-days = 最近 { $days } 天
analytics-unmatched-names-title = 没有活跃计量器接收的事件名称
analytics-unmatched-names-scope = 时间戳在 { $time } 之后（最近 { $days } 天）的事件，按事件名称分组；名称与 { $meters } 个活跃计量器的名称精确比较。为了在数百万事件下仍保持页面速度，不检查更早的事件。
analytics-unmatched-names-empty = 最近 { $days } 天的每个事件都有活跃计量器接收其名称。
analytics-unmatched-names-label = 没有活跃计量器接收的事件名称
analytics-unmatched-col-event-name = 事件名称
analytics-unmatched-col-events = 事件
analytics-unmatched-col-first = 首个事件
analytics-unmatched-col-last = 最后一个事件
analytics-unmatched-col-customers = 客户
analytics-unmatched-col-example = 示例
analytics-unmatched-col-fix = 可能的修正
analytics-unmatched-did-you-mean = 您是否指的是“{ $suggestion }”？有活跃计量器接收该名称。
analytics-unmatched-only-archived = 只有已归档的计量器接收它：{ $meters }。
analytics-unmatched-no-meter = 尚无计量器。
analytics-unmatched-no-meter-create = 尚无计量器——<a href="/meters/new">创建一个</a>。
analytics-unmatched-groups-capped = 仅列出事件最多的 200 个名称。
analytics-unmatched-names-capped = 不同的事件名称超过 1,000 个；仅检查了按字母顺序排列的前 1,000 个。
analytics-unmatched-excluded-title = 被计量器事件过滤排除的事件
analytics-unmatched-excluded-scope = 对每个带有事件过滤的活跃计量器：自 { $time } 起（最近 { $days } 天）被其过滤排除的同名事件。其他同名计量器仍可能统计它们；打开示例可逐条查看原因。
analytics-unmatched-excluded-scope-capped = 对每个带有事件过滤的活跃计量器：自 { $time } 起（最近 { $days } 天：事件过滤需对每个事件求值，因此这部分最多查看 30 天）被其过滤排除的同名事件。其他同名计量器仍可能统计它们；打开示例可逐条查看原因。
analytics-unmatched-no-filters = 没有活跃计量器设置了事件过滤。
analytics-unmatched-excluded-empty = { $meters } 个设置了事件过滤的活跃计量器在最近 { $days } 天内没有排除任何事件。
analytics-unmatched-excluded-heading = 被 { $meter } 的事件过滤排除的 { $event } 事件
analytics-unmatched-filter = 事件过滤：{ $filter }
analytics-unmatched-excluded-count = { $total } 个事件中的 { $excluded } 个，来自 { $customers } 个客户
analytics-unmatched-excluded-span = { $first } 至 { $last }
analytics-unmatched-latest = 最新：{ $link }——查看原因。
analytics-unmatched-counted-by = { $meters }（无事件过滤）统计此名称的所有事件，包括这些事件。
analytics-unmatched-meters-capped = 仅检查了前 50 个带有事件过滤的活跃计量器。

## templates/analytics/customers.html，src/analytics/customers/columns.rs

analytics-customers-title = 客户用量
analytics-customers-crumb = 客户
analytics-customers-heading = 客户
analytics-export-csv = 导出 CSV
analytics-customers-period-label = 计费周期
analytics-customers-at-label = 包含此时间的计费周期
analytics-customers-at-help = 按各订阅自己的计费周期。时间按您的时区（{ $zone }）计。此时请将范围留空。
analytics-customers-from-label = 或从
analytics-customers-to-label = 至（不含）
analytics-show = 显示
analytics-customers-edit-columns = 编辑列
analytics-customers-columns-legend = 显示以下列（客户和计量器始终显示）
analytics-customers-save-columns = 保存列
analytics-customers-empty = 此期间没有有效的订阅。请在客户页面为其订阅按用量计费的产品。
analytics-customers-correct-period = 请更正上面的期间。
analytics-customers-table-label = 按客户和计量器的用量
analytics-customers-charge-help = 收费 = max(0, 用量 − 免费阈值) × 每单位价格，按货币的最小单位四舍五入一次。点击列标题可对本页排序。
analytics-customers-table-scrolls = 按客户和计量器统计的使用（可滚动）
analytics-customers-export-help = 无论此处显示哪些列，导出文件始终包含客户邮箱、订阅和计费周期。
analytics-customers-pager-label = 分页
analytics-customers-first-page = 第一页
analytics-customers-next-page = 下一页
analytics-column-customer = 客户
analytics-column-email = 客户电子邮件
analytics-column-subscription = 订阅
analytics-column-product = 产品
analytics-column-period = 计费周期
analytics-column-meter = 计量器
analytics-column-free-threshold = 免费阈值
analytics-column-price = 价格
analytics-column-last-event = 最后一个事件
analytics-column-consumed = 已用单位
analytics-column-chargeable = 计费单位
analytics-column-charge = 使用收费
analytics-column-total = 总金额

## src/analytics/customers/columns.rs display，price_words

analytics-cell-period-title = { $start } 至 { $end }（不含结束时间）
analytics-cell-no-event = 此期间没有事件
analytics-cell-last-event-title = { $time }，{ $ago }
analytics-price-per-unit = 每 { $unit } { $price }
analytics-price-per-package = 每包 { $size } { $unit } { $price }
analytics-price-package-up = 已开始的包均收费
analytics-price-package-down = 仅计完整包
analytics-price-tier-up-to = 最多 { $quantity }：每 { $unit } { $price }
analytics-price-tier-above = 超过 { $quantity }：每 { $unit } { $price }
analytics-price-tier-fee = { $tier } + { $fee }
analytics-price-tiers = { $model }，{ $count } 个阶梯
analytics-price-model-graduated = 累进阶梯
analytics-price-model-volume = 批量阶梯

## src/analytics/customers/period.rs

analytics-customers-error-end = 结束时间必须晚于开始时间。
analytics-customers-error-range-too-long = 范围最多 { $max } 天。
analytics-customers-error-end-missing = 请同时填写范围的结束时间，或两者都留空。
analytics-customers-error-start-missing = 请同时填写范围的开始时间，或两者都留空。

## 客户 CSV 导出的表头（供人阅读）：使用操作员的语言；API 的导出保留机器名称。

analytics-customers-csv-customer-id = 客户 ID
analytics-customers-csv-customer-name = 客户名称
analytics-customers-csv-customer-email = 客户邮箱
analytics-customers-csv-subscription-id = 订阅 ID
analytics-customers-csv-product = 产品
analytics-customers-csv-period-start = 周期开始
analytics-customers-csv-period-end = 周期结束
analytics-customers-csv-meter-id = 计量器 ID
analytics-customers-csv-meter = 计量器
analytics-customers-csv-unit = 单位
analytics-customers-csv-free-threshold = 免费阈值
analytics-customers-csv-price-per-unit = 每单位价格
analytics-customers-csv-price = 价格
analytics-customers-csv-currency = 货币
analytics-customers-csv-last-event-at = 最后事件时间
analytics-customers-csv-consumed = 已使用
analytics-customers-csv-chargeable = 可计费
analytics-customers-csv-charge = 费用
analytics-customers-csv-total = 合计

## templates/analytics/reconciliation.html

analytics-reconciliation-title = 对账
analytics-reconciliation-from = 从
analytics-reconciliation-to = 至（不含）
analytics-reconciliation-to-help = 默认：您所在时区（{ $zone }）的本月。
analytics-reconciliation-uploads = 上传记录
analytics-reconciliation-no-uploads = 此期间没有上传。
analytics-reconciliation-col-upload = 上传
analytics-reconciliation-col-meter = 计量器
analytics-reconciliation-col-status = 状态
analytics-reconciliation-col-rows = 行数
analytics-reconciliation-col-accepted = 已接受
analytics-reconciliation-col-duplicates = 重复
analytics-reconciliation-col-rejected = 已拒绝
analytics-reconciliation-col-reasons = 按原因
analytics-reconciliation-col-in-file = 文件中
analytics-reconciliation-col-aggregated = 当前聚合值
analytics-reconciliation-col-difference = 差异
analytics-reconciliation-help = “文件中”是每一行中计量器属性的合计（计数型计量器则为行数）；“当前聚合值”是计量器如今根据该上传已存储的事件统计的结果——被拒绝的行、重复行、被事件过滤排除的行以及回滚造成了差异。
analytics-reconciliation-meters = 计量器，{ $from } → { $to }
analytics-reconciliation-col-events = 已统计事件
analytics-reconciliation-col-quantity = 用量
analytics-reconciliation-col-from-uploads = 来自此期间的上传
analytics-reconciliation-from-uploads = { $value } { $unit }（{ $count } 次上传）

## 对账 CSV 导出的表头：供机器读取，所有语言保持原样。

analytics-reconciliation-csv-upload-id = upload_id
analytics-reconciliation-csv-file-name = file_name
analytics-reconciliation-csv-meter = meter
analytics-reconciliation-csv-status = status
analytics-reconciliation-csv-uploaded-at = uploaded_at
analytics-reconciliation-csv-rows = rows
analytics-reconciliation-csv-accepted = accepted
analytics-reconciliation-csv-duplicates = duplicates
analytics-reconciliation-csv-rejected = rejected
analytics-reconciliation-csv-rejected-by-reason = rejected_by_reason
analytics-reconciliation-csv-value-in-file = value_in_file
analytics-reconciliation-csv-value-aggregated = value_aggregated
analytics-reconciliation-csv-events-aggregated = events_aggregated
analytics-reconciliation-csv-difference = difference
