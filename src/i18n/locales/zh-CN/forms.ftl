### 所有表单共用的文本。

form-correct-following = 请更正以下内容：
form-correct-field = 请更正下方标记的字段。
form-cancel = 取消
form-save-changes = 保存更改
form-remove = 移除
form-edit = 编辑
form-copy = 复制
pager-aria = 分页
pager-first = 第一页
pager-next = 下一页
table-actions = 操作
