### 产品：列表、产品页面及其计算示例、产品表单。


## The list.

products-title = 产品
products-new = 新建产品
products-empty-editor = 还没有产品——{ $link }：关联计量器，并为每个计量器设置每单位价格和免费阈值。
products-empty-link = 创建基于使用量的产品
products-empty-viewer = 还没有产品——编辑者可以创建基于使用量的产品。
product-not-found = 没有 ID 为 { $id } 的产品。
products-no-more = 没有更多产品了。
products-back-first = 返回第一页
products-col-product = 产品
products-currency = 货币
products-interval = 计费间隔
products-col-meters = 计量器
products-id = ID
products-created = 创建时间
products-updated = 更新时间
interval-monthly = 每月
interval-yearly = 每年

## A product's page.

product-meters-title = 计量器和价格
product-meters-help = 在每个计费周期中，每一行按其定价模式对超出免费阈值的用量收费；若没有超出阈值则不收费。收费在每行总额上按货币的最小单位四舍五入一次。免费阈值在每个周期重置。
product-no-meters = 此产品没有计量器。
product-link-meter = 关联计量器
product-price = 价格
product-per-unit = 每 { $unit } { $price }
product-package-down = 每包 { $size } { $unit } { $price }，仅计完整包
product-package-up = 每包 { $size } { $unit } { $price }，已开始的包均收费
product-graduated-words = 累进阶梯：每个阶梯为落入其中的 { $unit } 定价
product-volume-words = 批量阶梯：每个 { $unit } 都按用量所在阶梯的价格计费
product-free-threshold = 每个周期的免费阈值
product-tiers-of = { $name } 的阶梯
tier-up-to = 最多 { $to }
tier-above-up-to = 超过 { $from } 至 { $to }
tier-any = 任意用量
tier-above = 超过 { $from }
tier-price = 每 { $unit } { $price }
tier-flat-fee = + { $fee } 固定费用
tier-head-up-to = 最多 { $to }
tier-head-above-up-to = 超过 { $from } 至 { $to }
tier-head-any = 任意
tier-head-above = 超过 { $from }
examples-caption = 计算示例：{ $name }
examples-usage = 用量
examples-free = 免费
examples-chargeable = 计费用量
examples-units-price = 单位 × 价格
examples-packages-price = 包数 × 价格
examples-tier = 阶梯 { $n }
examples-charge = 收费
examples-yours = （您的）
examples-no-units = 无单位
examples-too-large = 数值过大，无法计算
examples-try = 试算用量（{ $unit }）
examples-try-error = 请输入用量，例如 250：数字和一个小数点，至少为 0。
examples-try-help = 在计算示例中添加一行。
examples-submit = 计算收费

## The product form.

product-form-edit = 编辑产品
product-form-new = 新建产品
product-form-crumb-new = 新建
product-form-save = 保存
product-form-name = 名称
product-form-description = 描述（可选）
product-form-currency-help = ISO 4217；此产品的所有价格均使用该货币。
product-form-interval-help = 周期从每个订阅的开始时间起重复；免费阈值在每个周期重置。
product-form-meters-help = 1 到 { $max } 个计量器，每个只能出现一次。在每个计费周期中，每一行按其定价模式对超出免费阈值的用量收费，并在每行总额上按货币的最小单位四舍五入一次。
product-form-no-meters = 还没有启用的计量器——请先{ $link }，然后在此关联。
product-form-create-meter = 创建计量器
product-form-meter-n = 计量器 { $n }
product-form-meter = 计量器
product-form-choose-meter = 选择计量器…
product-form-not-active = （不是启用的计量器）
product-form-free-threshold = 免费阈值
product-form-free-threshold-help = 每个计费周期内的免费单位数，其余部分再按模式定价
product-form-model = 定价模式
model-per-unit = 按单位
model-package = 按包
model-graduated = 累进阶梯
model-volume = 批量阶梯
product-form-model-help = 请在下方填写所选模式的部分；其他部分将被忽略。
product-form-remove-meter = 计量器 { $n }
product-form-unit-price = 每单位价格
product-form-unit-price-help = 超出免费阈值的每个单位收取的费用；最多 12 位小数，在计算行总额之前从不四舍五入
product-form-package-size = 包大小（单位）
product-form-package-size-help = 一个包中的单位数，例如 1000
product-form-package-price = 包价格
product-form-package-price-help = 每包收取
product-form-partial = 不完整的包
product-form-round-up = 已开始的每个包（向上取整）
product-form-round-down = 仅完整的包（向下取整）
product-form-tiers = 阶梯（累进或批量）
product-form-tiers-help = 累进：每个阶梯为落入其中的单位定价。批量：所有单位都按用量所在阶梯的价格计费。“最多”包含其边界值；在您使用的最后一个阶梯中将其留空，留空整行即可使用更少的阶梯。使用某个阶梯时会加上固定费用（可选）。
product-form-tier-n = 阶梯 { $n }
product-form-up-to = 最多（单位）
product-form-flat-fee = 固定费用
product-form-remove-tier = 计量器 { $n } 的阶梯 { $t }
product-form-add-tier = 添加阶梯
product-form-add-tier-to = 到计量器 { $n }
product-form-add-meter = 添加计量器
product-form-create = 创建产品
product-form-max-meters = 一个产品最多包含 { $max } 个计量器。
product-form-max-tiers = 阶梯：一个价格最多包含 { $max } 个阶梯。
