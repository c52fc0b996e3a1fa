/**
 * Stand-in for `mdast-util-find-and-replace`, resolved by a build alias. Its one user here is
 * mdast-util-gfm-autolink-literal's second pass, which links bare URLs and e-mail addresses that
 * micromark's GFM autolink syntax (the first pass) leaves as text: ones written with a character
 * reference or an escape inside or just before them. GitHub's own comments skip that pass for
 * URLs, and it cost the app ~1.5 KB brotli (with the tree walkers it brings); the first pass links
 * every bare URL and address an answer writes plainly.
 */
export function findAndReplace(): void {}
