' create-cluster-locator.vbs - creates the FILECLU cluster from the build server.
' Connects with SWbemLocator.ConnectServer to the first node and runs CreateCluster.
Option Explicit

Dim objLocator, objSvc, objClass, objInParams, objOutParams
Dim strServer, strNamespace

strServer = "FS-N1"
strNamespace = "root\MSCluster"

Set objLocator = CreateObject("WbemScripting.SWbemLocator")
Set objSvc = objLocator.ConnectServer(strServer, strNamespace)
objSvc.Security_.ImpersonationLevel = 3   ' Impersonate
objSvc.Security_.AuthenticationLevel = 6  ' PacketPrivacy

Set objClass = objSvc.Get("MSCluster_Cluster")
Set objInParams = objClass.Methods_("CreateCluster").InParameters.SpawnInstance_()
objInParams.ClusterName = "FILECLU"
objInParams.NodeNames = Array("FS-N1", "FS-N2", "FS-N3")
objInParams.IPAddresses = Array("10.30.0.40")
objInParams.SubnetMasks = Array("255.255.255.0")
objInParams.AdministrativeAccessPoint = 1

WScript.Echo "Creating FILECLU on FS-N1, FS-N2, FS-N3 ..."
Set objOutParams = objSvc.ExecMethod("MSCluster_Cluster", "CreateCluster", objInParams)

If objOutParams.ReturnValue = 0 Then
    WScript.Echo "Cluster created."
Else
    WScript.Echo "CreateCluster returned " & objOutParams.ReturnValue
    WScript.Quit objOutParams.ReturnValue
End If
