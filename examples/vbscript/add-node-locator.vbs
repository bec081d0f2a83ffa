' add-node-locator.vbs - adds a node to a cluster.
' Usage: cscript //nologo add-node-locator.vbs <cluster-node> <new-node>
Option Explicit

Dim objLocator, objSvc, objMethod, objInParams, objOutParams
Dim strServer, strNewNode

If WScript.Arguments.Count < 2 Then
    WScript.Echo "Usage: add-node-locator.vbs <cluster-node> <new-node>"
    WScript.Quit 2
End If
strServer = WScript.Arguments(0)
strNewNode = WScript.Arguments(1)

Set objLocator = CreateObject("WbemScripting.SWbemLocator")
Set objSvc = objLocator.ConnectServer(strServer, "root\MSCluster")
objSvc.Security_.ImpersonationLevel = 3

Set objMethod = objSvc.Get("MSCluster_Cluster").Methods_("AddNode")
Set objInParams = objMethod.InParameters.SpawnInstance_()
objInParams.NodeName = strNewNode

Set objOutParams = objSvc.ExecMethod("MSCluster_Cluster", "AddNode", objInParams)
If objOutParams.ReturnValue <> 0 Then
    WScript.Echo "AddNode(" & strNewNode & ") returned " & objOutParams.ReturnValue
    WScript.Quit 1
End If
WScript.Echo strNewNode & " added through " & strServer
