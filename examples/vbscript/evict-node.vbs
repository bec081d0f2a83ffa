' Evicts a node; written for the admin workstation.
Option Explicit
Dim strComputer, objWMIService, objCluster
strComputer = "CLU01"
Set objWMIService = GetObject("winmgmts:{impersonationLevel=impersonate}!\\" & strComputer & "\root\MSCluster")
Set objCluster = objWMIService.Get("MSCluster_Cluster")
objCluster.EvictNode "CLU01-N3"
WScript.Echo "evicted"
