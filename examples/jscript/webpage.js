// webpage.js - the cluster dashboard's browser script: not a WSH script, never read
document.addEventListener('DOMContentLoaded', function () {
  document.getElementById('evict').onclick = function () {
    fetch('/api/cluster/EvictNode', { method: 'POST', body: JSON.stringify({ node: 'OLD-N3' }) });
  };
});
