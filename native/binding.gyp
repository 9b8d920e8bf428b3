{
  "targets": [
    {
      "target_name": "typeshark_pcap",
      "sources": ["typeshark_pcap.c"],
      "libraries": ["-lpcap"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
