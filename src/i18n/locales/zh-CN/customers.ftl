### 客户：列表、表单、客户页面及其订阅和订阅表单，以及门户中显示的客户和订阅消息。ID 保持原样。

## templates/customers/list.html

customers-list-title = 客户
customers-list-new = 新建客户
customers-list-search-label = 搜索客户
customers-list-search-placeholder = 按 ID、电子邮件或名称搜索
customers-list-search = 搜索
customers-list-clear = 清除
customers-list-empty-editor = 还没有客户——{ $link }，或通过 API 创建（{ $api }）。
customers-list-empty-editor-link = 添加第一个客户
customers-list-empty-viewer = 还没有客户——编辑者可以添加客户。
customers-list-no-match = 没有与“{ $query }”匹配的客户。
customers-list-table-label = 客户
customers-list-col-customer = 客户
customers-list-col-email = 电子邮件
customers-list-col-id = ID
customers-list-col-created = 创建时间
customers-list-pager-label = 分页
customers-list-first-page = 第一页
customers-list-next-page = 下一页

## templates/customers/form.html

customers-form-title-new = 新建客户
customers-form-title-edit = 编辑客户
customers-form-crumb-new = 新建
customers-form-crumb-edit = 编辑
customers-form-id = ID
customers-form-id-fixed-help = ID 不可更改：事件会引用它。
customers-form-id-label = ID（可选）
customers-form-id-help = 您的产品在事件中发送的 ID，例如 cus_QMJJtcu70R1x46。只能使用字母、数字和 _ . : -。留空则自动生成。
customers-form-name-label = 名称
customers-form-email-label = 电子邮件
customers-form-save = 保存更改
customers-form-create = 创建客户
customers-form-cancel = 取消

## src/ids.rs，src/auth/model.rs，src/customers/model.rs，service.rs

customers-error-id-empty = 请输入客户 ID，或留空以自动生成。
customers-error-id-too-long = 客户 ID 最多 255 个字符。
customers-error-id-characters = 客户 ID 只能使用字母、数字和 _ . : -（不能有空格）。
customers-error-id-taken = ID 为 { $id } 的客户已存在。请选择其他 ID，或留空以自动生成。
customers-error-name-required = 请输入客户名称。
customers-error-too-long = 最多 { $max } 个字符。
customers-error-email-required = 请输入电子邮件地址。
customers-error-email-too-long = 电子邮件地址最多 254 个字符。
customers-error-email-no-at = 电子邮件地址需要包含 @，例如 ana@example.com。
customers-error-email-invalid = 请输入电子邮件地址，例如 ana@example.com。
customers-error-not-found = 没有 ID 为 { $id } 的客户。

## templates/customers/show.html

customers-show-edit = 编辑
customers-show-prop-id = ID
customers-show-prop-email = 电子邮件
customers-show-prop-created = 创建时间
customers-show-subscriptions-title = 订阅
customers-show-subscriptions-empty = 尚未订阅任何产品。客户订阅按用量计费的产品后，其使用才会计费。
customers-show-subscriptions-label = 订阅
customers-show-col-subscription = 订阅
customers-show-col-product = 产品
customers-show-col-start = 开始时间（周期锚点）
customers-show-col-end = 结束时间
customers-show-col-status = 状态
customers-show-col-actions = 操作
customers-subscription-active = 有效
customers-subscription-ended = 已结束
customers-subscription-starts-later = 尚未开始
customers-show-end-confirm = 要立即结束 { $id } 吗？此后的使用不再计入该订阅。
customers-show-end-now = 立即结束

## templates/customers/show.html，src/portal/subscriptions.rs

customers-subscribe-title = 订阅产品
customers-subscribe-no-products = 还没有产品——请先{ $link }。
customers-subscribe-no-products-link = 创建按用量计费的产品
customers-subscribe-product-label = 产品
customers-subscribe-choose = 请选择…
customers-subscribe-product-option = { $name }（{ $currency }）
customers-subscribe-see-existing = 查看 { $id }。
customers-subscribe-start-label = 开始时间（{ $zone }，可选）
customers-subscribe-start-help = 留空 = 现在。计费周期从此刻起按月重复。
customers-subscribe-submit = 订阅

## src/portal/subscriptions.rs，src/subscriptions/service.rs

customers-subscription-error-start = 开始时间：{ $error }
customers-subscription-error-end-time = 结束时间：{ $error }
customers-subscription-error-product = 请选择产品。
customers-subscription-error-no-customer = 没有 ID 为 { $id } 的客户。请先创建该客户。
customers-subscription-error-no-product = 没有 ID 为 { $id } 的产品。
customers-subscription-error-overlap = 此客户已订阅该产品（{ $id }，自 { $start } 起，无结束时间）；再订阅一次会对同一用量收费两次。请先结束该订阅，或让新订阅在其结束后开始。
customers-subscription-error-overlap-until = 此客户已订阅该产品（{ $id }，自 { $start } 至 { $end }）；再订阅一次会对同一用量收费两次。请先结束该订阅，或让新订阅在其结束后开始。
customers-subscription-error-not-found = 没有 ID 为 { $id } 的订阅。
customers-subscription-error-already-ended = 此订阅已于 { $time } 结束。
customers-subscription-error-end-before-start = 结束时间必须晚于开始时间（{ $start }）。
