### 使用数据：上传列表、上传表单、单次上传（试运行、确认存储、被拒绝的行、回滚），以及关于 CSV 文件及其各行的消息。
### 列名（timestamp、event_name、payload_…）、错误代码和 ID 保持原样。

## templates/uploads/list.html

uploads-list-title = 使用数据
uploads-upload-title = 上传使用数据
uploads-list-no-meters = 还没有活跃的计量器——请先<a href="/meters/new">创建计量器</a>；每次上传只为一个计量器添加事件。
uploads-list-heading = 上传记录
uploads-list-empty = 还没有上传记录。请在上方上传 CSV 文件，或将事件发送到 <code>POST /api/v1/events/ingest</code>。
uploads-list-table-label = 上传记录
uploads-list-col-file = 文件
uploads-list-col-meter = 计量器
uploads-list-col-who = 上传者
uploads-list-col-when = 时间
uploads-list-col-status = 状态
uploads-list-col-rows = 行数
uploads-list-col-accepted = 已接受
uploads-list-col-rejected = 已拒绝
uploads-list-fixes = 修正 #{ $id }
uploads-list-pager-label = 分页
uploads-list-newest = 最新上传
uploads-list-older = 较早上传
uploads-who-api-key = API 密钥 { $key }

## templates/uploads/status.html

uploads-status-succeeded = 成功
uploads-status-partially-failed = 部分失败
uploads-status-failed = 失败
uploads-status-dry-run = 试运行
uploads-status-rolled-back = 已回滚
uploads-status-processing = 处理中
uploads-status-all-fixed = 修正后所有行均已存储
uploads-status-all-fixed-title = 部分行曾被拒绝；修正后的文件已将它们全部存储

## templates/uploads/form.html

uploads-form-meter-label = 计量器
uploads-form-meter-option = { $name }（{ $event }）
uploads-form-file-label = CSV 文件（最大 5 MB）
uploads-form-file-help = 表头：<code>timestamp,event_name,payload_customer_id,payload_&lt;property&gt;</code>——Stripe 的模板（<code>payload_stripe_customer_id</code>）可直接使用。可在计量器页面下载其模板。
uploads-form-dry-run = 试运行：检查每一行并显示每个计量器将增加的用量，暂不存储任何内容
uploads-form-submit = 上传
uploads-form-progress-label = 上传进度

## templates/uploads/new.html

uploads-new-crumb = 上传
uploads-new-title-fix = 为上传 #{ $id } 上传更正后的文件
uploads-new-no-meters = 没有活跃的计量器——请先<a href="/meters/new">创建计量器</a>。

## templates/uploads/show.html

uploads-show-title = 上传 #{ $id }
uploads-show-prop-upload = 上传
uploads-show-corrects = 更正<a href="/uploads/{ $id }">上传 #{ $id }</a>
uploads-show-prop-meter = 计量器
uploads-show-prop-when = 时间
uploads-show-prop-file = 文件
uploads-show-file-size = { $size } 字节，SHA-256
uploads-show-prop-rows = 行数
uploads-show-rows = 文件中共 { $total } 行：已接受 { $accepted } 行，{ $duplicates } 行已存储（重复），已拒绝 { $rejected } 行
uploads-show-rows-dry-run = 文件中共 { $total } 行：将接受 { $accepted } 行，{ $duplicates } 行已存储（重复），已拒绝 { $rejected } 行
uploads-show-prop-fixed = 此后已修正
uploads-show-fixed = { $rejected } 行被拒绝的行中，现已存储 { $fixed } 行
uploads-show-prop-rolled-back = 已回滚
uploads-show-rolled-back = 其事件已作废，不再计入
uploads-show-prop-committed = 已确认存储为
uploads-show-committed-link = 上传 #{ $id }
uploads-show-api-dry-run-title = 通过 API 进行的试运行——未存储任何内容
uploads-show-api-dry-run-note = 此试运行通过 API 进行。它保留了被拒绝的行（见下方的错误文件），但没有保留文件：要存储这些行，请重新上传更正后的文件。
uploads-show-commit-title = 试运行——尚未存储任何内容
uploads-show-same-file = 这个文件之前已作为<a href="/uploads/{ $id }">上传 #{ $id }</a>上传过（{ $time }）。再次上传会重复添加其中的行，除非这些行带有标识符。
uploads-show-confirm-duplicate = 是，再次上传此文件
uploads-show-commit = 确认存储：存储已接受的 { $count } 行
uploads-show-gains-title = 各计量器增加的用量
uploads-show-gains-title-dry-run = 各计量器将增加的用量
uploads-show-gains-col-meter = 计量器
uploads-show-gains-col-customer = 客户
uploads-show-gains-col-events = 事件
uploads-show-gains-col-quantity = 用量
uploads-show-gains-max = （最大值）
uploads-show-gains-min = （最小值）
uploads-show-gains-avg = （平均值）
uploads-show-gains-last = （最新值）
uploads-show-gains-unique-count = （文件中的不同值）
uploads-show-rejects-title = 被拒绝的行
uploads-show-rejects-help = 下载错误文件：按上传原样列出被拒绝的行，并附带 <code>error</code> 列。在其中修正后，通过下方再次上传该文件。
uploads-show-download-errors = 下载错误文件
uploads-show-by-reason = 按原因：
uploads-show-reason-count = { $code } × { $count }
uploads-show-rejects-col-row = 行
uploads-show-rejects-col-reason = 原因
uploads-show-rejects-col-cells = 单元格
uploads-show-rejects-more = 仅显示前 { $shown } 行；错误文件包含全部 { $total } 行。
uploads-show-fix-title = 上传更正后的文件
uploads-show-fix-file-label = 更正后的 CSV
uploads-show-fix-submit = 上传更正后的文件
uploads-show-rollback-title = 回滚
uploads-show-rollback-help = 作废此次上传存储的 { $count } 个事件：它们将不再计入，用量会重新计算，此操作会记录在审计日志中。
uploads-show-rollback-confirm = 要回滚上传 #{ $id } 吗？其 { $count } 个事件将不再计入。
uploads-show-rollback-submit = 回滚此次上传

## src/portal/uploads/handlers.rs，src/uploads/service.rs，src/web/multipart.rs

uploads-error-empty-file = 文件为空。
uploads-error-no-file = 请选择要上传的 CSV 文件。
uploads-error-same-file = 此文件之前已作为上传 #{ $id } 上传过。如要再次上传，请勾选确认项。
uploads-error-no-meter = 没有 ID 为 { $id } 的计量器。
uploads-error-meter-archived = 计量器 { $name } 已归档，不再接收新事件；请先取消归档。
uploads-error-no-upload = 没有上传 #{ $id }。
uploads-error-fix-other-meter = 更正后的文件必须上传到与被修正的上传相同的计量器。
uploads-error-too-large = 文件大于 { $mb } MB。请将其拆分为较小的文件并分别上传。
uploads-error-not-dry-run = 上传 #{ $id } 不是试运行。
uploads-error-dry-run-no-file = 试运行 #{ $id } 通过 API 进行，没有保留文件：请重新上传文件以存储。
uploads-error-already-committed = 此试运行已确认存储为上传 #{ $id }。
uploads-error-cannot-roll-back = 只有存储了事件的上传才能回滚；此上传的状态为“{ $status }”。
uploads-error-nothing-stored = { $message } 此文件的内容均未存储。
uploads-error-database = 处理因数据库错误而停止，此文件的内容均未存储。请重新上传；如果再次失败，详细信息见服务器日志。
uploads-error-unreadable-form = 无法读取上传内容：{ $error }。请以 multipart/form-data 格式发送表单，并将文件放在“file”字段中。
uploads-error-request-too-large = 上传请求大于 { $bytes } 字节：请只发送 CSV 文件（最大 { $mb } MB）和少量简短字段。
uploads-error-file-twice = “file”字段发送了两次；每次上传只发送一个文件。

## src/uploads/csv_file/header.rs

uploads-header-first-line = 第一行必须是表头。
uploads-header-wrong-separator = 各列以 { $separator } 而非逗号分隔。请将文件另存为以逗号分隔的 CSV（在 Excel 中：CSV UTF-8（逗号分隔））。
uploads-header-separator-tabs = 制表符
uploads-header-column-unnamed = 第 { $column } 列没有名称。
uploads-header-column-bad-text = 列 { $name } { $problem }。
uploads-header-column-should-be = 列 { $name } 应为 { $expected }。
uploads-header-payload-no-key = 列“payload_”在 payload_ 之后没有属性名称。
uploads-header-payload-key-too-long = 列 { $name } 指定的属性名称有 { $chars } 个字符；最多 { $max } 个。
uploads-header-unknown = 未知的列：{ $columns }。
uploads-header-repeated = 列 { $columns } 出现了不止一次。
uploads-header-two-customer-columns = 只能使用一个客户列：payload_customer_id 或 payload_stripe_customer_id，不能同时使用。
uploads-header-missing = 缺少列：{ $columns }。
uploads-header-list-more = { $list } 等另外 { $count } 个
uploads-header-expected = 预期的表头：{ $header }（Stripe 的 payload_stripe_customer_id 也可使用；identifier 和其他 payload_… 列为可选）。
uploads-file-unreadable = 无法将文件读取为 CSV：{ $error }
uploads-file-unreadable-at = 无法将文件读取为 CSV（第 { $line } 行）：{ $error }
uploads-file-unclosed-quote = 第 { $line } 行开始单元格的引号（"）一直没有闭合，文件的其余部分会被读成一个单元格。请闭合引号（在带引号的单元格内用 "" 表示一个引号）后重新上传。

## src/uploads/csv_file/mod.rs，src/ingest/pipeline.rs，src/text.rs

uploads-row-wrong-cell-count = 该行有 { $count } 个单元格，表头有 { $width } 个
uploads-row-timestamp = timestamp：{ $error }
uploads-row-no-event-name = event_name 为空
uploads-row-no-customer = { $column } 为空
uploads-row-identifier-too-long = identifier 长度为 { $chars } 个字符；最多 { $max } 个
uploads-row-value-too-long = payload_{ $key } 长度为 { $chars } 个字符；最多 { $max } 个
uploads-row-nul = { $column } 在第 { $at } 个字符处包含 NUL 字符（U+0000）；请将其删除
uploads-row-control = { $column } 在第 { $at } 个字符处包含控制字符 { $code }；请将其删除
uploads-row-cell = 第 { $number } 个单元格
uploads-text-nul = 在第 { $at } 个字符处包含 NUL 字符（U+0000）；请将其删除
uploads-text-control = 在第 { $at } 个字符处包含控制字符 { $code }；请将其删除
uploads-row-unknown-customer = 没有 ID 为“{ $id }”的客户（payload_customer_id 列）：请在“客户”页面创建该客户（客户 → 新建客户），或更正 ID，然后重新上传错误文件
uploads-row-no-meter = 没有活跃的计量器接收 event_name“{ $name }”——请先为它创建计量器，或检查拼写（事件名称区分大小写）
uploads-row-no-meter-did-you-mean = 没有活跃的计量器接收 event_name“{ $name }”——您是否指的是“{ $suggestion }”？事件名称区分大小写
uploads-row-property = 计量器“{ $meter }”（{ $id }，{ $what }）：{ $reason }

## The portal's words for the upload messages above (src/portal/uploads/messages.rs).

uploads-row-value-missing = payload_{ $key } 列没有值
uploads-row-value-not-number = payload_{ $key } 列的值为 { $found }，不是数字
uploads-row-value-too-many-digits = payload_{ $key } 列的值为 { $found }，位数过多（小数点前最多 16 位，小数点后最多 12 位）
uploads-row-value-no-value = payload_{ $key } 列的值为 { $found }：请提供可计数的字符串、数字或布尔值
uploads-row-timestamp-future = timestamp { $time } 超前服务器时间（{ $now }）超过 { $minutes } 分钟；请检查发送方的时钟
uploads-file-not-csv = 此文件是 { $kind }，不是 CSV 文件。请以 CSV 文件上传使用数据：在电子表格中选择“文件 → 另存为 / 下载 → CSV UTF-8”，或填写计量器的 CSV 模板。
uploads-file-kind-pdf = PDF 文档
uploads-file-kind-xlsx = Excel 工作簿（.xlsx）
uploads-file-kind-ods = OpenDocument 电子表格或文档（.ods、.odt）
uploads-file-kind-docx = Word 文档（.docx）
uploads-file-kind-zip = ZIP 压缩包
uploads-file-kind-xls = Office 旧版文件（例如 Excel .xls 工作簿）
uploads-file-kind-png = PNG 图片
uploads-file-kind-jpeg = JPEG 图片
uploads-file-kind-gif = GIF 图片
uploads-file-kind-webp = WebP 图片
uploads-file-kind-gzip = gzip 压缩文件
uploads-file-not-utf8 = 文件不是 UTF-8 编码（第 { $line } 行）。请将其另存为 CSV UTF-8 后重新上传。
uploads-file-no-rows = 文件中没有数据行：请在表头行下方为每个使用事件添加一行（参见模板）。
uploads-form-upload-failed = 上传未能到达服务器。请检查网络连接后重试。

## templates/uploads/list.html and show.html, added with the page's conversion

uploads-list-kinds-label = 显示哪些上传
uploads-list-tab-uploads = 上传
uploads-list-tab-dry-runs = 试运行
uploads-list-tab-all = 全部
uploads-list-empty-dry-runs = 没有试运行。
uploads-show-all-fixed = 此文件的每一行都已存储。
