### 账单：客户的当前计费周期和已结算账单、可打印的账单页面、账单的 CSV 导出，以及“延迟用量”页面（实时数据与已计费金额不一致的已结算周期）。

## 导航

statements-nav-late-usage = 延迟用量

## templates/customers/show.html

statements-current-title = { $id } 的当前计费周期（{ $product }）
statements-current-live = { $start } – { $end }，实时：在周期结算之前，数据会随着使用数据的到达而变化。
statements-current-label = { $id } 的当前计费周期
statements-current-total = 目前合计
statements-list-title = { $id } 的账单
statements-list-label = { $id } 的账单
statements-list-empty = 暂无账单：计费周期结束后不久结算时，会生成该周期的账单。
statements-col-statement = 账单
statements-col-billing-cycle = 计费周期
statements-col-closed = 结算时间
statements-col-total = 总金额

## templates/statements/show.html

statements-show-title = 账单 { $id }
statements-show-download-csv = 下载 CSV
statements-show-print = 打印
statements-show-prop-customer = 客户
statements-show-prop-subscription = 订阅
statements-show-product-link = 产品
statements-show-prop-billing-cycle = 计费周期
statements-show-prop-period = 期间
statements-show-period = { $start } – { $end }
statements-show-prop-closed = 结算时间
statements-show-prop-closed-at = 结算时间
statements-show-prop-currency = 货币
statements-show-frozen-note = 已结算的账单不会再更改。此周期之后到达、被作废或被回滚的用量，会作为调整项出现在该订阅的下一张账单上。
statements-show-lines-label = 账单明细
statements-show-col-line = 明细
statements-show-col-meter = 计量器
statements-show-col-for-cycle = 所属周期
statements-show-col-consumed = 用量
statements-show-col-free = 免费阈值
statements-show-col-free-threshold = 免费阈值
statements-show-col-chargeable = 计费用量
statements-show-col-price = 价格
statements-show-col-charge = 收费
statements-show-col-consumed-delta = 用量变化
statements-show-col-charge-delta = 收费变化
statements-show-this-cycle = 本周期
statements-show-total = 总金额
statements-show-no-lines = 此周期没有按用量计费的明细：账单总金额为零。
statements-not-found = 没有 ID 为 { $id } 的账单。

## src/portal/statements/views.rs

statements-line-usage = 使用
statements-line-adjustment = 调整
statements-line-adjustment-for = 调整：{ $period } 的延迟用量

## src/portal/statements/handlers.rs export_csv

statements-csv-statement = 账单
statements-csv-customer = 客户
statements-csv-subscription = 订阅
statements-csv-period-start = 期间开始
statements-csv-period-end = 期间结束
statements-csv-line = 明细
statements-csv-meter = 计量器
statements-csv-meter-id = 计量器 ID
statements-csv-for-period-start = 所属期间开始
statements-csv-for-period-end = 所属期间结束
statements-csv-consumed = 用量
statements-csv-free-threshold = 免费阈值
statements-csv-chargeable = 计费用量
statements-csv-price = 价格
statements-csv-charge = 收费
statements-csv-consumed-delta = 用量变化
statements-csv-charge-delta = 收费变化
statements-csv-currency = 货币
statements-csv-closed-at = 结算时间
statements-csv-usage = 使用
statements-csv-adjustment = 调整
statements-csv-total = 总金额

## templates/statements/late.html

statements-late-title = 延迟用量
statements-late-lead = 在计费周期结算之后才到达、被作废或被回滚的用量。已结算的账单不会再更改：差额只计费一次，作为调整项出现在该订阅的下一张账单上。
statements-late-pending-title = 待处理：将计入下一张账单
statements-late-pending-empty = 所有已结算周期的实时数据都与已计费金额一致。
statements-late-pending-label = 待处理的调整
statements-late-billed-title = 已计费的调整
statements-late-billed-empty = 还没有账单包含调整项。
statements-late-billed-label = 已计费的调整
statements-late-col-statement = 账单
statements-late-col-customer = 客户
statements-late-col-subscription = 订阅
statements-late-col-meter = 计量器
statements-late-col-closed-cycle = 已结算周期
statements-late-col-for-cycle = 所属周期
statements-late-col-billed = 已计费
statements-late-col-live = 当前实时
statements-late-col-consumed-delta = 用量变化
statements-late-col-charge-delta = 收费变化
