' Adds a node through SWbemLocator, server from the command line.
Dim objLocator, objSvc, inParams
Set objLocator = CreateObject("WbemScripting.SWbemLocator")
Set objSvc = objLocator.ConnectServer(WScript.Arguments(0), "root\MSCluster")
objSvc.Security_.ImpersonationLevel = 3
Set inParams = objSvc.Get("MSCluster_Cluster").Methods_("AddNode").InParameters.SpawnInstance_()
inParams.NodeName = WScript.Arguments(1)
objSvc.ExecMethod "MSCluster_Cluster", "AddNode", inParams
