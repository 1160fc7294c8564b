-- Content-gap metrics, in portable SQL (standard joins, CTEs, window functions; LN, SQRT, LEAST,
-- GREATEST, COALESCE, CASE). Runs on DuckDB here and, unchanged, on Spark SQL over the data lake.
-- Every formula is defined in docs/gaps.md; constants are named in comments where they appear.
-- Input tables: topics, sitelinks, pages, wiki_lengths, features, wikis, countries, territories,
-- maxima, wiki_items (see store.py).

-- Importance of a topic: LN(2 + number of Wikipedias with an article on it).
CREATE TABLE topic_importance AS
SELECT t.qid,
       COUNT(s.wiki) AS wikipedias,
       LN(2.0 + COUNT(s.wiki)) AS importance
FROM topics t
LEFT JOIN (SELECT DISTINCT s.qid, s.wiki FROM sitelinks s JOIN wikis w ON w.wiki = s.wiki) s
       ON s.qid = t.qid
GROUP BY t.qid;

-- How a wiki's lengths are normalised: its own 95th-percentile article length from its page dump,
-- else the square of the quality model's max_length (floored at 45, as the model does).
CREATE TABLE wiki_norm AS
SELECT w.wiki,
       CASE WHEN l.p95_len IS NOT NULL THEN CAST(l.p95_len AS DOUBLE)
            WHEN m.max_length IS NOT NULL THEN GREATEST(m.max_length, 45.0) * GREATEST(m.max_length, 45.0)
       END AS norm_len,
       CASE WHEN l.p95_len IS NOT NULL THEN 'page-dump-p95'
            WHEN m.max_length IS NOT NULL THEN 'feature-file'
       END AS length_basis
FROM wikis w
LEFT JOIN wiki_lengths l ON l.wiki = w.wiki
LEFT JOIN maxima m ON m.wiki = w.wiki;

-- Quality where features exist: the unweighted mean of the six normalised features of the
-- language-agnostic model (floors as in the model: 45, 0.2, 0.45, 5, 2, 0.1).
CREATE TABLE feature_quality AS
SELECT f.wiki, f.title,
       LEAST(1.0, SQRT(f.characters) / GREATEST(m.max_length, 45.0)) AS length_x,
       (LEAST(1.0, SQRT(f.characters) / GREATEST(m.max_length, 45.0))
        + LEAST(1.0, (f.refs / SQRT(f.characters)) / GREATEST(m.max_refs, 0.2))
        + LEAST(1.0, (f.wikilinks / SQRT(f.characters)) / GREATEST(m.max_links, 0.45))
        + LEAST(1.0, f.categories / GREATEST(m.max_cats, 5.0))
        + LEAST(1.0, f.media / GREATEST(m.max_media, 2.0))
        + LEAST(1.0, (f.headings / SQRT(f.characters)) / GREATEST(m.max_headings, 0.1))) / 6.0
         AS quality
FROM features f
JOIN maxima m ON m.wiki = f.wiki
WHERE f.characters > 0;

-- One row per topic and Wikipedia. Stub: length score below 0.2 (sqrt scale, so under 4% of the
-- wiki's 95th-percentile length).
CREATE TABLE topic_wiki AS
WITH linked AS (
    SELECT s.qid, s.wiki, MIN(s.title) AS title FROM sitelinks s GROUP BY s.qid, s.wiki
), measured AS (
    SELECT t.qid, w.wiki, w.is_open, k.title,
           CASE WHEN k.title IS NULL THEN 0 ELSE 1 END AS present,
           p.page_len,
           CASE WHEN p.page_len IS NOT NULL AND n.norm_len > 0
                THEN LEAST(1.0, SQRT(CAST(p.page_len AS DOUBLE)) / SQRT(n.norm_len))
                ELSE q.length_x END AS length_score,
           q.quality
    FROM topics t
    CROSS JOIN wikis w
    LEFT JOIN linked k ON k.qid = t.qid AND k.wiki = w.wiki
    LEFT JOIN pages p ON p.wiki = w.wiki AND p.title = REPLACE(k.title, ' ', '_')
    LEFT JOIN wiki_norm n ON n.wiki = w.wiki
    LEFT JOIN feature_quality q ON q.wiki = w.wiki AND q.title = k.title
)
SELECT m.*,
       i.importance,
       CASE WHEN m.present = 1 THEN COALESCE(m.quality, m.length_score) END AS extent,
       CASE WHEN m.present = 1 AND m.length_score < 0.2 THEN 1 ELSE 0 END AS stub
FROM measured m
JOIN topic_importance i ON i.qid = m.qid;

-- Need of a wiki's readers: the highest data-risk score (0-100, Wikimedia's) among the countries
-- where its language is spoken, scaled by status (national 1.0, regional 0.75, otherwise 0.5).
CREATE TABLE wiki_need AS
WITH weighted AS (
    SELECT w.wiki, c.iso, c.name,
           c.risk / 100.0 * CASE t.status WHEN 'national' THEN 1.0
                                          WHEN 'regional' THEN 0.75 ELSE 0.5 END AS need
    FROM wikis w
    JOIN territories t ON t.language = w.subdomain
    JOIN countries c ON c.iso = t.iso
    WHERE c.risk IS NOT NULL
), ranked AS (
    SELECT weighted.*,
           ROW_NUMBER() OVER (PARTITION BY wiki ORDER BY need DESC, iso) AS rn
    FROM weighted
)
SELECT wiki, need, iso AS need_country, name AS need_country_name
FROM ranked WHERE rn = 1;

-- Per wiki: coverage (importance-weighted share present), extent (importance-weighted mean
-- extent of what exists and was measured), gap index and the need-weighted priority.
CREATE TABLE wiki_metrics AS
WITH agg AS (
    SELECT tw.wiki,
           COUNT(*) AS topics,
           SUM(tw.present) AS present,
           SUM(tw.stub) AS stubs,
           SUM(tw.importance * tw.present) / SUM(tw.importance) AS coverage,
           SUM(CASE WHEN tw.extent IS NOT NULL THEN tw.importance * tw.extent END)
             / NULLIF(SUM(CASE WHEN tw.extent IS NOT NULL THEN tw.importance END), 0) AS extent,
           SUM(CASE WHEN tw.extent IS NOT NULL THEN 1 ELSE 0 END) AS measured
    FROM topic_wiki tw
    GROUP BY tw.wiki
)
SELECT a.*,
       w.subdomain, w.language_name, w.is_open,
       n.length_basis,
       wi.items AS linked_items,
       1.0 - a.coverage * COALESCE(a.extent, 1.0) AS gap_index,
       d.need, d.need_country, d.need_country_name,
       (1.0 - a.coverage * COALESCE(a.extent, 1.0)) * (0.5 + 0.5 * COALESCE(d.need, 0.0))
         AS priority
FROM agg a
JOIN wikis w ON w.wiki = a.wiki
LEFT JOIN wiki_norm n ON n.wiki = a.wiki
LEFT JOIN wiki_items wi ON wi.wiki = a.wiki
LEFT JOIN wiki_need d ON d.wiki = a.wiki;

-- Per topic: in how many open Wikipedias it exists, how many are stubs, the largest article.
CREATE TABLE topic_metrics AS
SELECT t.qid, t.grp, t.series, t.country, t.label,
       i.importance, i.wikipedias,
       SUM(CASE WHEN tw.is_open THEN tw.present ELSE 0 END) AS present_open,
       SUM(CASE WHEN tw.is_open THEN 1 ELSE 0 END) AS open_wikis,
       SUM(tw.stub) AS stubs,
       MAX(tw.page_len) AS largest_len
FROM topics t
JOIN topic_importance i ON i.qid = t.qid
JOIN topic_wiki tw ON tw.qid = t.qid
GROUP BY t.qid, t.grp, t.series, t.country, t.label, i.importance, i.wikipedias;
