### 计量器：列表、表单及其过滤条件构建器、计量器页面、实时事件流、测试台，以及门户中显示的验证消息。

## templates/meters/list.html

meters-list-title = 计量器
meters-list-new = 新建计量器
meters-list-tabs-label = 计量器状态
meters-list-tab-active = 活跃
meters-list-tab-archived = 已归档
meters-list-empty-editor = 还没有计量器——<a href="/meters/new">创建第一个计量器</a>，将使用事件转换为可计费的用量。
meters-list-empty-viewer = 还没有计量器——编辑者可以创建计量器。
meters-list-empty-archived = 没有已归档的计量器。
meters-list-table-label = 计量器
meters-list-col-meter = 计量器
meters-list-col-event-name = 事件名称
meters-list-col-aggregation = 聚合
meters-list-col-unit = 测量单位
meters-list-col-filter = 事件过滤
meters-list-every-event = 所有事件
meters-list-pager-label = 分页
meters-list-first-page = 第一页
meters-list-next-page = 下一页

## src/meters/model.rs，aggregation_words。

meters-aggregation-words-count = 事件计数
meters-aggregation-words-sum = { $key } 的总和
meters-aggregation-words-max = { $key } 的最大值
meters-aggregation-words-min = { $key } 的最小值
meters-aggregation-words-avg = { $key } 的平均值
meters-aggregation-words-last = { $key } 的最新值
meters-aggregation-words-unique-count = { $key } 的不同值个数

## templates/meters/form.html

meters-form-title-new = 新建计量器
meters-form-title-edit = 编辑计量器
meters-form-crumb-new = 新建
meters-form-crumb-edit = 编辑
meters-form-save-hidden = 保存
meters-form-section-meter = 计量器
meters-form-name-label = 名称
meters-form-name-help = 显示在报告中，例如 Tokens、API 调用。
meters-form-description-label = 描述（可选）
meters-form-event-name-label = 事件名称
meters-form-event-name-help = 您的产品发送的 event_name，例如 api.call。精确匹配且区分大小写：API.call 是另一个事件。
meters-form-section-aggregation = 聚合
meters-form-aggregation-label = 聚合类型
meters-form-aggregation-key-label = 聚合属性（计数除外）
meters-form-aggregation-key-help = 要读取的元数据键，例如 tokens 或 user_id。求和、最大值、最小值、平均值和最新值需要数字；不同值计数接受任何值。计数时留空。
meters-form-unit-label = 测量单位
meters-form-unit-help = 显示在用量旁边：次调用、tokens、GB。
meters-form-filter-title = 事件过滤
meters-form-filter-enabled = 只统计符合这些条件的事件
meters-form-filter-help = 条件将元数据键与值进行比较。文本比较区分大小写；“大于”等比较器只比较数字。如果事件没有条件中的键，该条件为假。组最多嵌套 3 层，每组 1–10 个子句。
meters-form-preview-title = 预览：本月各客户
meters-form-preview-empty = 无论更改前后，本月都没有客户在此计量器上产生用量。
meters-form-preview-col-customer = 客户
meters-form-preview-col-now = 当前
meters-form-preview-col-after = 更改后
meters-form-preview-changed = 已变化
meters-form-preview-help = 尚未保存任何内容。保存后将根据已存储的事件重新计算此计量器的用量。
meters-form-preview-button = 预览更改
meters-form-save = 保存更改
meters-form-create = 创建计量器
meters-form-cancel = 取消

## src/portal/meters/pages.rs，FormPage::aggregations。

meters-form-aggregation-count = 计数——事件数量
meters-form-aggregation-sum = 求和——属性的总和
meters-form-aggregation-max = 最大值——属性的最大值
meters-form-aggregation-min = 最小值——属性的最小值
meters-form-aggregation-avg = 平均值——属性的平均值
meters-form-aggregation-last = 最新值——属性的最新值
meters-form-aggregation-unique-count = 不同值计数——属性不同值的个数

## templates/meters/builder.html

meters-builder-group-legend = 条件组
meters-builder-match-label = 匹配
meters-builder-remove-group = 删除组
meters-builder-add-condition = 添加条件
meters-builder-add-group = 添加组
meters-builder-key-label = 属性键
meters-builder-key-placeholder = 例如 region
meters-builder-comparator-label = 比较器
meters-builder-value-label = 值
meters-builder-value-placeholder = 例如 eu-west
meters-builder-remove = 删除

## src/portal/meters/builder.rs，src/metering/filter/mod.rs

meters-builder-conj-and = 全部满足（AND）
meters-builder-conj-or = 任一满足（OR）
meters-filter-keyword-and = 且
meters-filter-keyword-or = 或
meters-operator-equals = 等于
meters-operator-not-equals = 不等于
meters-operator-greater-than = 大于
meters-operator-greater-than-or-equals = 大于或等于
meters-operator-less-than = 小于
meters-operator-less-than-or-equals = 小于或等于
meters-operator-contains = 包含
meters-operator-does-not-contain = 不包含
meters-filter-condition = { $key } { $operator } { $value }

## src/metering/filter/parse.rs

meters-filter-key-empty = 不能为空；请填写要检验的元数据键，例如“region”。
meters-filter-key-too-long = 长度为 { $chars } 个字符；键最多 { $max } 个字符。
meters-filter-nul = 不能包含 NUL 字符。
meters-filter-value-too-long = 长度为 { $chars } 个字符；文本值最多 { $max } 个字符。
meters-filter-needs-number = “{ $operator }”比较的是数字；请填写数字，例如 100。
meters-filter-needs-number-too-many-digits = “{ $operator }”比较的是数字；请填写数字，例如 100（{ $value } 的位数太多：小数点前最多 { $int } 位，小数点后最多 { $frac } 位）。
meters-filter-number-too-many-digits = { $value } 的位数太多；数字的小数点前最多 { $int } 位，小数点后最多 { $frac } 位。
meters-filter-too-deep = 组最多嵌套 { $max } 层。请将此组的子句上移一层。
meters-filter-group-empty = 每组包含 1 到 { $max } 个子句；此组没有子句。请添加条件或删除该组。
meters-filter-group-too-many = 每组包含 1 到 { $max } 个子句；此组有 { $count } 个。请将其拆分为嵌套的组。
meters-filter-unknown-operator = 未知的比较器 { $given }；请使用以下之一：{ $names }
meters-filter-unknown-conjunction = 未知的连接方式 { $given }；请使用 "and" 或 "or"

## src/meters/model.rs，src/validation.rs，src/metering/aggregation.rs

meters-error-name-required = 请输入计量器名称。
meters-error-unit-required = 请输入报告中显示的测量单位，例如次调用、tokens、GB。
meters-error-too-long = 最多 { $max } 个字符。
meters-error-event-name-required = 请输入您的产品发送的事件名称，例如 api.call。
meters-error-event-name-spaces = 事件名称需精确匹配：请删除开头或结尾的空格。
meters-error-aggregation-unknown = 未知的聚合“{ $given }”；请使用 count、sum、max、min、avg、last 或 unique_count。
meters-error-aggregation-key-missing = { $aggregation } 需要一个键：要读取的元数据属性，例如“bytes”。
meters-error-aggregation-key-not-allowed = 计数不需要键：它统计事件数量。
meters-error-aggregation-key-too-long = 该键长度为 { $chars } 个字符；键最多 100 个字符。
meters-error-aggregation-key-nul = 键不能包含 NUL 字符。
meters-error-not-found = 没有 ID 为 { $id } 的计量器。
meters-error-text-nul = 此文本在第 { $at } 个字符处含有 NUL 字符（U+0000）；请删除。
meters-error-text-control = 此文本在第 { $at } 个字符处含有控制字符 { $code }；请删除。
meters-error-property-missing = 聚合属性：请填写要读取的元数据键——{ $aggregation }需要一个键，例如 tokens 或 bytes。
meters-error-property-not-allowed = 聚合属性：计数时请留空，计数统计的是事件数。
meters-error-property-too-long = 聚合属性：此键长 { $chars } 个字符；最多 100 个。
meters-error-property-nul = 聚合属性：键不能包含 NUL 字符。
meters-error-condition = 条件 { $number }
meters-error-condition-key = 条件 { $number }（{ $key }）
meters-error-the-filter = 事件过滤
meters-error-group = 组 { $number }
meters-error-filter-key-empty = { $which }：键为空——请填写要检验的元数据键，例如“region”。
meters-error-filter-at = { $which }：{ $message }
meters-error-filter-field = { $which }，{ $field }：{ $message }
meters-error-filter-shape = 事件过滤的这一部分无效：请从列表中选择比较器并填写值。

## templates/meters/show.html

meters-show-archived-badge = 已归档
meters-show-edit = 编辑
meters-show-archive = 归档
meters-show-archive-confirm = 要归档 { $name } 吗？它会保留数据，但不再接收新事件。
meters-show-unarchive = 取消归档
meters-show-stats-label = 本月
meters-show-events-this-month = 本月事件
meters-show-quantity-this-month = { $aggregation }（本月）
meters-show-stats-note = 所有客户，{ $start } 至 { $end }（自然月）。每个客户的账单按其自己的计费周期计算。
meters-show-definition-title = 统计内容
meters-show-definition = { $event } 事件：{ $aggregation }，单位为 { $unit }。
meters-show-definition-filtered = 满足 { $filter } 的 { $event } 事件：{ $aggregation }，单位为 { $unit }。
meters-show-prop-id = ID
meters-show-prop-event-name = 事件名称
meters-show-prop-exact = （精确匹配，区分大小写）
meters-show-prop-aggregation = 聚合
meters-show-prop-unit = 测量单位
meters-show-prop-filter = 事件过滤
meters-show-prop-no-filter = 无——所有同名事件都计入
meters-show-prop-status = 状态
meters-show-prop-created = 创建时间
meters-show-prop-updated = 更新时间
meters-status-active = 活跃
meters-status-archived = 已归档
meters-show-cycle-title = 本计费周期的客户
meters-show-cycle-empty = 没有客户订阅使用此计量器的产品。<a href="/products">将其关联到产品</a>，然后为客户创建订阅。
meters-show-cycle-col-customer = 客户
meters-show-cycle-col-cycle = 计费周期（各自）
meters-show-cycle-col-free = 免费阈值
meters-show-cycle-col-charge = 收费
meters-show-cycle-help = 按客户 ID 排序的前 { $count } 个。查看全部：<a href="/analytics/customers">分析 → 客户</a>。
meters-show-stream-title = 实时事件流
meters-show-stream-col-event-id = 事件 ID
meters-show-stream-col-customer = 客户
meters-show-stream-col-timestamp = 时间戳
meters-show-stream-col-source = 来源
meters-show-stream-all-events = 此计量器统计的所有事件
meters-show-stream-refresh = 刷新
meters-show-add-usage-title = 添加使用数据
meters-show-manual-title = 手动输入
meters-show-manual-customer-label = 客户
meters-show-manual-customer-placeholder = 输入 ID、电子邮件或名称进行搜索
meters-show-manual-customer-help = 客户 ID，例如 cus_QMJJtcu70R1x46。
meters-show-manual-count-label = 事件数量
meters-show-manual-count-help = 每个事件计一次。留空表示 1。
meters-show-manual-value-label = { $key } 的值
meters-show-manual-unique-help = 此事件计入的值，例如用户 ID。值按文本比较；1 和 1.0 是同一个数字。
meters-show-manual-number-help = 一个数字，例如 250 或 0.5。
meters-show-manual-negative = 记录负值（会减少用量）
meters-show-manual-time-label = 时间（可选）
meters-show-manual-time-help = 留空 = 现在。2024-09-23、2024-09-23 16:22:25（{ $zone }）或 2024-09-23T16:22:25+05:30。
meters-show-manual-properties-label = 用于过滤的属性
meters-show-manual-properties-help = 键=值，每行一个。此计量器只统计满足 { $filter } 的事件。
meters-show-manual-submit = 提交
meters-show-upload-title = 上传使用数据
meters-show-template-link = 下载此计量器的 CSV 模板
meters-show-template-rest = 。
meters-show-bench-title = 为什么某个事件没有被统计？
meters-show-bench-event-label = 事件 ID
meters-show-bench-event-placeholder = 例如 evt_123
meters-show-bench-submit = 用此计量器测试
meters-show-bench-help = 或者<a href="{ $url }">以 JSON 格式粘贴事件</a>。测试台会逐项检查，说明此计量器为什么统计或不统计该事件。
meters-show-uploads-title = 最近上传
meters-show-uploads-empty = 暂无。
meters-show-uploads-rows = { $total } 行中接受了 { $accepted } 行，{ $time }
meters-show-uploads-all = 所有上传

## templates/meters/stream.html

meters-stream-empty = 尚未统计任何事件。

## src/ingest/manual.rs

meters-manual-error-property-line = 第 { $line } 行：请将每个属性写成 键=值 的形式，例如 region=eu。
meters-manual-error-archived = 此计量器已归档，不再接收新事件。
meters-manual-error-customer = 请选择客户。
meters-manual-error-count = 对于计数型计量器，请输入要添加的事件数量：1 到 { $max }。
meters-manual-error-unique-value = 请输入此事件计入的 { $key }，例如用户 ID。
meters-manual-error-negative = { $value } 是负数：它会减少此计量器的用量。如仍要记录，请勾选“记录负值”，或输入正数。
meters-manual-error-future = { $time } 是未来的时间：手动输入记录的是已经发生的使用。请输入过去的时间，或留空表示现在。
meters-manual-error-number = 请以数字形式输入 { $key }，例如 250 或 0.5（不要使用千位分隔符）。
meters-manual-error-no-property = 此计量器没有可记录的属性。
meters-manual-error-filter = 此计量器的事件过滤不会统计该事件：{ $reasons }。请在下方添加所需的属性。

## templates/meters/test.html

meters-test-title = 测试事件 — { $name }
meters-test-crumb = 测试事件
meters-test-heading = 为什么此事件被统计（或未被统计）？
meters-test-lead = 此计量器统计 { $event } 事件：{ $aggregation }。
meters-test-lead-filtered = 此计量器统计满足 { $filter } 的 { $event } 事件：{ $aggregation }。
meters-test-stored-title = 已存储的事件
meters-test-event-id-label = 事件 ID
meters-test-event-id-placeholder = 例如 evt_123
meters-test-event-id-help = 可从<a href="/analytics/events">事件</a>或某次上传的行中复制。
meters-test-submit = 测试此事件
meters-test-pasted-title = JSON 格式的事件
meters-test-json-label = 事件
meters-test-verdict-counted = 已统计
meters-test-verdict-not-counted = 未统计
meters-test-counts = 此计量器统计{ $source }
meters-test-does-not-count = 此计量器不统计{ $source }
meters-test-checks-label = 检查项
meters-test-col-check = 检查项
meters-test-col-result = 结果
meters-test-col-why = 原因
meters-test-passes = 通过
meters-test-fails = 未通过
meters-test-filter-title = 逐条条件查看事件过滤
meters-test-event-title = 事件
meters-test-prop-event-name = 事件名称
meters-test-prop-customer = 客户
meters-test-prop-timestamp = 时间戳

## src/meters/bench.rs

meters-bench-source-stored = 已存储的事件 { $id }
meters-bench-source-pasted = 粘贴的事件
# 解析器拒绝的粘贴 JSON（src/meters/bench_json.rs）。
meters-bench-json = 这还不是有效的 JSON：{ $problem }。
meters-bench-json-at = 这还不是有效的 JSON——第 { $line } 行第 { $column } 列：{ $problem }。
meters-bench-json-at-near = 这还不是有效的 JSON——第 { $line } 行第 { $column } 列，紧接在“{ $near }”之后：{ $problem }。
meters-bench-json-unclosed-object = 文本在事件结束前就终止了：缺少右花括号 {"}"}
meters-bench-json-unclosed-list = 文本在列表中终止：缺少右方括号 ]
meters-bench-json-unclosed-string = 文本在引号内终止：缺少右引号 "
meters-bench-json-ends-before-value = 文本在应有值的位置终止
meters-bench-json-comma-or-brace = 此处应为逗号或右花括号 {"}"}——两个条目之间是否缺少逗号？
meters-bench-json-comma-or-bracket = 此处应为逗号或右方括号 ]——两个元素之间是否缺少逗号？
meters-bench-json-colon = 键与值之间应有冒号，例如 "region": "eu"
meters-bench-json-key-not-quoted = 键须用双引号括起，例如 "region"
meters-bench-json-trailing-comma = 请删除右括号前的逗号
meters-bench-json-trailing-characters = 事件之后还有多余文本：请只粘贴一个事件对象
meters-bench-json-value-expected = 此处应为一个值：双引号（而非单引号）括起的文本、数字、true、false 或 null
meters-bench-json-control-character = 引号内的文本含有换行符或制表符：请写作 \n 或 \t
meters-bench-json-invalid-escape = 引号内文本中的反斜杠开始了未知的转义：反斜杠本身请写作 \\
meters-bench-json-invalid-number = 此数字不符合 JSON 的数字写法（数字，最多一个小数点）
meters-bench-json-other = 此处的文本不是有效的 JSON
meters-bench-not-object = 请粘贴一个事件对象，例如 {"{"}"event_name": "api.call", "customer_id": "cus_1", "metadata": {"{"}"region": "eu"{"}"}{"}"}。
meters-bench-metadata-not-object = metadata 必须是由键和值组成的对象。
meters-bench-timestamp-invalid = timestamp：{ $error }
meters-bench-timestamp-not-string = timestamp 必须是字符串，例如 2024-09-23T16:22:25Z。
meters-bench-no-event-name = 事件需要 event_name。
meters-bench-no-stored-event = 没有 ID 为“{ $id }”的已存储事件。
meters-bench-check-event-name = 事件名称
meters-bench-check-status = 计量器状态
meters-bench-check-filter = 事件过滤
meters-bench-check-property = 属性
meters-bench-check-customer = 客户
meters-bench-check-period = 期间
meters-bench-event-name-matches = “{ $name }”是此计量器的事件名称
meters-bench-event-name-differs = “{ $name }”不是“{ $expected }”
meters-bench-event-name-differs-case = “{ $name }”不是“{ $expected }”——两者仅在大小写或标点上不同；事件名称需精确匹配
meters-bench-status-active = 活跃
meters-bench-status-archived = 已归档：不再接收新事件
meters-bench-filter-none = 无事件过滤：所有同名事件都计入
meters-bench-filter-holds = 条件成立（见下文）
meters-bench-filter-fails = 条件不成立（见下文）
meters-bench-property-count = 计数：事件本身就是单位
meters-bench-customer-missing = 没有 customer_id
meters-bench-customer-exists = { $id } 存在
meters-bench-customer-unknown = “{ $id }”不是已知客户：其事件会被拒绝
meters-bench-period-none = 没有时间戳：将以接收时间作为时间戳
meters-bench-period-in = { $time } 计入本月数据
meters-bench-period-out = { $time } 不在本月（{ $start } 至 { $end }）：它计入其所在的期间，不计入本月数据

## src/metering/aggregation.rs ValueError

meters-value-missing = 缺少属性“{ $key }”
meters-value-not-number = 属性“{ $key }”为 { $found }，不是数字
meters-value-too-many-digits = 属性“{ $key }”为 { $found }，位数太多（小数点前最多 16 位，小数点后最多 12 位）
meters-value-no-value = 属性“{ $key }”为 { $found }：请提供字符串、数字或布尔值以计数
meters-value-a-list = 列表
meters-value-an-object = 对象

## src/metering/filter/eval.rs

meters-explain-all-of = 全部满足
meters-explain-any-of = 任一满足
meters-explain-group-all = { $total } 个子句中有 { $holding } 个成立；须全部成立
meters-explain-group-any = { $total } 个子句中有 { $holding } 个成立；一个成立即可
meters-explain-key-missing = 缺少键 { $key }
meters-explain-key-null = 键 { $key } 为 null
meters-explain-key-holds = 键 { $key } 的值为 { $value }
meters-explain-filter-not-number = 过滤值 { $filter } 不是数字
meters-explain-not-number = { $value } 不是数字
meters-explain-equals = { $value } 等于 { $filter }
meters-explain-not-equal = { $value } 不等于 { $filter }
meters-explain-equals-as-numbers = { $value } 等于 { $filter }（按数字比较）
meters-explain-not-equal-as-numbers = { $value } 不等于 { $filter }（按数字比较）
meters-explain-greater = { $value } 大于 { $filter }
meters-explain-not-greater = { $value } 不大于 { $filter }
meters-explain-greater-or-equal = { $value } 大于或等于 { $filter }
meters-explain-less = { $value } 小于 { $filter }
meters-explain-not-less = { $value } 不小于 { $filter }
meters-explain-less-or-equal = { $value } 小于或等于 { $filter }
meters-explain-contains = { $value } 包含 { $filter }
meters-explain-not-contains = { $value } 不包含 { $filter }
meters-explain-case-differs = { $value } 不等于 { $filter }（大小写不同；比较区分大小写）
meters-explain-not-contains-case-differs = { $value } 不包含 { $filter }（大小写不同；比较区分大小写）

## src/metering/timestamp.rs

meters-timestamp-formats = 请使用 2024-09-23、2024-09-23 16:22:25（按您的时区）、2024-09-23T16:22:25Z、2024-09-23T16:22:25+05:30（或 +0530）或 Unix 秒数，例如 1727108545
meters-timestamp-empty = 时间戳为空；{ $help }
meters-timestamp-invalid = { $given } 不是可识别的时间戳；{ $help }
meters-timestamp-not-a-date = { $given } 不是真实存在的日期；{ $help }
meters-timestamp-out-of-range = { $given } 超出范围
meters-timestamp-milliseconds = { $given } 作为 Unix 秒数太大（是毫秒吗？请去掉最后三位数字）；{ $help }
meters-timestamp-non-ascii-digit = { $given } 在第 { $at } 个字符处有数字 { $char }；请使用 ASCII 数字 0-9，例如 2024-09-23 或 2024-09-23T16:22:25Z
meters-timestamp-bad-character = { $given } 在第 { $at } 个字符处有字符 { $char }，时间戳中不会出现该字符；{ $help }

## Manual entry refused (templates/meters/show.html, src/portal/meters/handlers.rs).

meters-show-manual-nothing-recorded = 未记录任何内容。请更正以下内容：
meters-show-manual-unknown-customer = 还没有 ID 为 { $id } 的客户。{ $link }（使用此 ID），然后重新记录用量——或从列表中选择现有客户。
meters-show-manual-create-customer = 创建该客户
meters-manual-error-unknown-customer = 没有 ID 为“{ $id }”的客户：请先创建（客户 → 新建客户），或从列表中选择一个。

## templates/meters/archive.html (archiving a meter that live products price)

meters-archive-title = 要归档 { $name } 吗？
meters-archive-crumb = 归档
meters-archive-live-products = 以下有效产品按此计量器计价：
meters-archive-subscriptions = { $count } 个有效订阅
meters-archive-consequence = 归档后，该计量器不再接收新事件：从现在起为它发送的使用数据不会被计入，因此这些订阅将不再为它产生收费。
meters-archive-confirm-submit = 仍然归档
meters-archive-keep = 保持启用
