' evict-node.vbs - evicts a node from the CLU01 cluster.
' Usage: cscript //nologo evict-node.vbs
' Written for the admin workstation; connects to the cluster's WMI provider remotely.
Option Explicit

Const WBEM_RETURN_IMMEDIATELY = &h10
Dim strComputer, strNode, objWMIService, objCluster, colNodes, objNode, blnMember, intResult

strComputer = "CLU01"
strNode = "CLU01-N3"

On Error Resume Next
Set objWMIService = GetObject("winmgmts:{impersonationLevel=impersonate}!\\" & strComputer & "\root\MSCluster")
If Err.Number <> 0 Then
    WScript.Echo "Cannot connect to " & strComputer & ": " & Err.Description
    WScript.Quit 1
End If
On Error GoTo 0

' Is the node a member at all?
blnMember = False
Set colNodes = objWMIService.ExecQuery("SELECT Name FROM MSCluster_Node", , WBEM_RETURN_IMMEDIATELY)
For Each objNode In colNodes
    If LCase(objNode.Name) = LCase(strNode) Then blnMember = True
Next
If Not blnMember Then
    WScript.Echo strNode & " is not a member of " & strComputer
    WScript.Quit 0
End If

Set objCluster = objWMIService.Get("MSCluster_Cluster")
On Error Resume Next
objCluster.EvictNode strNode
intResult = Err.Number
On Error GoTo 0

If intResult <> 0 Then
    WScript.Echo "EvictNode failed: 0x" & Hex(intResult)
    WScript.Quit 1
End If
WScript.Echo strNode & " evicted from " & strComputer
