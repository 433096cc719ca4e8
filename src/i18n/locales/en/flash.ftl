### One-shot notices after a change (templates/partials/flash.html). { $arg } is the name or id the notice is about.

flash-password_changed = Your password is changed. Your other sessions were signed out.
flash-operator_role_changed = The role of { $arg } is changed.
flash-operator_disabled = { $arg } is disabled and signed out everywhere.
flash-operator_enabled = { $arg } can sign in again.
flash-api_key_revoked = The API key “{ $arg }” is revoked; requests using it now get 401.
flash-customer_created = Customer { $arg } created.
flash-customer_updated = Customer { $arg } saved.
flash-product_created = Product { $arg } created.
flash-product_updated = Product { $arg } saved.
flash-meter_created = Meter { $arg } created.
flash-meter_updated = Meter { $arg } saved.
flash-meter_archived = Meter { $arg } archived: it keeps its data and takes no new events.
flash-meter_unarchived = Meter { $arg } is active again.
flash-usage_recorded =
    { $count ->
        [one] Recorded { $count } event.
       *[other] Recorded { $count } events.
    }
flash-upload_done = { $arg } is uploaded; the counts are below.
flash-upload_checked = Dry run of { $arg } done: nothing is stored until you commit.
flash-warning_upload_same_file = { $arg } was uploaded before. Nothing is stored: review the dry run below and confirm to upload it again.
flash-event_voided = The event { $arg } is voided: it no longer counts for any meter, and its id stays taken (a resend is a duplicate).
flash-upload_rolled_back = { $arg } is rolled back: its events no longer count.
flash-subscription_created = Subscription { $arg } created.
flash-subscription_ended = Subscription { $arg } ended.
flash-preferences_saved = Your preferences are saved.
flash-organisation_zone_saved = The organisation’s time zone is now { $arg }.
