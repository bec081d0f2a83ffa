// add-node.js - cscript add-node.js <cluster> <node>
// Adds a node to a failover cluster through the cluster WMI provider.
var args = WScript.Arguments;
if (args.length < 2) {
    WScript.Echo("usage: cscript add-node.js <cluster> <node>");
    WScript.Quit(1);
}
var clusterName = args(0);
var nodeName = args(1);

var svc = GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\" + clusterName + "\\root\\MSCluster");
var cluster = svc.Get("MSCluster_Cluster.Name='" + clusterName + "'");
var rc = cluster.AddNode(nodeName);
WScript.Echo("AddNode returned " + rc);
