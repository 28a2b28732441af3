SELECT i.client_id, c.name, c.inn, i.due_date, (i.total - coalesce(a.paid, 0))::int8 AS outstanding
    FROM invoice i JOIN company c ON c.id = i.client_id
    LEFT JOIN (SELECT invoice_id, sum(amount) AS paid FROM payment_allocation GROUP BY invoice_id) a ON a.invoice_id = i.id
    WHERE i.total > coalesce(a.paid, 0) AND i.issue_date <= $1::date;

SELECT p.client_id, sum(p.amount - coalesce(a.used, 0))::int8 AS s FROM payment p
    LEFT JOIN (SELECT payment_id, sum(amount) AS used FROM payment_allocation GROUP BY payment_id) a ON a.payment_id = p.id
    WHERE p.status IN ('matched','resolved') GROUP BY p.client_id HAVING sum(p.amount - coalesce(a.used, 0)) <> 0;
