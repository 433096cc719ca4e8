### What every form shares (templates/macros.html).

form-correct-following = Please correct the following:
form-correct-field = Please correct the field marked below.
form-cancel = Cancel
form-save-changes = Save changes
form-remove = Remove
form-edit = Edit
form-copy = Copy
pager-aria = Pages
pager-first = First page
pager-next = Next page
table-actions = Actions
