' Clean: runs on the node and connects locally.
Set objSvc = GetObject("winmgmts:{impersonationLevel=impersonate}!\\.\root\MSCluster")
For Each objClu In objSvc.InstancesOf("MSCluster_Cluster")
    objClu.EvictNode "CLU01-N3"
Next
