// clusterlib.js - helpers shared by the cluster maintenance jobs (included with <script src=...>)
var WBEM_IMPERSONATE = 3;

function connectCluster(server) {
    var locator = new ActiveXObject("WbemScripting.SWbemLocator");
    var svc = locator.ConnectServer(server, "root\\MSCluster");
    svc.Security_.ImpersonationLevel = WBEM_IMPERSONATE;
    return svc;
}

function log(msg) {
    WScript.Echo(new Date().toLocaleTimeString() + "  " + msg);
}
