' node-status.vbs - prints the state of every node and group of a cluster.
' Reads MSCluster_Node and MSCluster_ResourceGroup remotely: no double-hop method is called.
Option Explicit

Dim strCluster, objSvc, colNodes, objNode, colGroups, objGroup, arrStates

strCluster = "FSCLU"
If WScript.Arguments.Count > 0 Then strCluster = WScript.Arguments(0)

arrStates = Array("Up", "Down", "Paused", "Joining")

Set objSvc = GetObject("winmgmts:{impersonationLevel=impersonate}!\\" & strCluster & "\root\MSCluster")

WScript.Echo "Nodes of " & strCluster
Set colNodes = objSvc.ExecQuery("SELECT Name, State FROM MSCluster_Node")
For Each objNode In colNodes
    If objNode.State >= 0 And objNode.State <= 3 Then
        WScript.Echo "  " & objNode.Name & vbTab & arrStates(objNode.State)
    Else
        WScript.Echo "  " & objNode.Name & vbTab & "Unknown (" & objNode.State & ")"
    End If
Next

WScript.Echo "Groups"
Set colGroups = objSvc.InstancesOf("MSCluster_ResourceGroup")
For Each objGroup In colGroups
    WScript.Echo "  " & objGroup.Name & vbTab & objGroup.State
Next
