// Bootstraps GraphiQL. Loaded as a separate same-origin file (instead of an
// inline <script>) so that the page's Content-Security-Policy can use
// script-src 'self' without 'unsafe-inline' or a script nonce.
(function () {
  'use strict';

  var root = document.getElementById('graphiql');
  var endpoint = root.getAttribute('data-endpoint');

  // GraphiQL's modal dialogs (via react-remove-scroll) inject a <style>
  // element and tag it with __webpack_nonce__ if that global is set. The
  // server puts the per-response style nonce from the CSP header on the
  // stylesheet <link>; the .nonce property still returns it after the browser
  // hides the attribute value.
  var css = document.getElementById('graphiql-css');
  if (css && css.nonce) {
    window.__webpack_nonce__ = css.nonce;
  }

  var fetcher = GraphiQL.createFetcher({ url: endpoint });

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      // Lets users paste e.g. {"Authorization": "Bearer <token>"}.
      isHeadersEditorEnabled: true,
      // Keeps the headers (and thus the token) in this origin's localStorage
      // across reloads.
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: 'headers',
    })
  );
})();
