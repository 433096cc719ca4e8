-- The customers table pages through subscriptions by (customer_id, id), with each one's
-- customer's email and name. The only index by customer was (customer_id, start_at DESC): a
-- page read its subscriptions from the cursor's customer on, fetched each from the heap,
-- sorted them by id, and fetched each customer from the heap (103 buffers for a page of 51;
-- 0.21 ms under load). With an index in page order that holds the columns the page filters on,
-- and the customers' key with their email and name, both sides are index-only scans from the
-- cursor and need no sort (8 buffers; 0.08-0.10 ms under load).
CREATE INDEX subscriptions_page_idx ON subscriptions (customer_id, id)
    INCLUDE (start_at, end_at, product_id);
-- A customer's id, email and name are checked at most 255, 254 and 200 characters long, so an
-- entry stays well below a B-tree entry's limit (about 2.7 kB).
CREATE INDEX customers_page_idx ON customers (id) INCLUDE (email, name);
