' evict-local.vbs - evicts a node; runs ON a surviving cluster node (scheduled task).
' The connection is local ("."), so the provider's connection to the evicted node is the first hop.
Option Explicit

Dim objNetwork, objSvc, colClusters, objClu, strNode

If WScript.Arguments.Count = 0 Then
    WScript.Echo "Usage: evict-local.vbs <node>"
    WScript.Quit 2
End If
strNode = WScript.Arguments(0)

Set objNetwork = CreateObject("WScript.Network")
If LCase(objNetwork.ComputerName) = LCase(strNode) Then
    WScript.Echo "Run this on another node than " & strNode
    WScript.Quit 2
End If

Set objSvc = GetObject("winmgmts:{impersonationLevel=impersonate}!\\.\root\MSCluster")
Set colClusters = objSvc.InstancesOf("MSCluster_Cluster")
For Each objClu In colClusters
    WScript.Echo "Evicting " & strNode & " from " & objClu.Name
    objClu.EvictNode strNode
Next
WScript.Echo "Done."
