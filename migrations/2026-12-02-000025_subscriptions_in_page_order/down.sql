DROP INDEX customers_page_idx;
DROP INDEX subscriptions_page_idx;
