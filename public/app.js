// The page's entry (index.html loads it): the page itself is in page/, starting at page/main.js.
import './page/main.js';
