-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: cars
-- ------------------------------------------------------
-- Server version	8.0.36

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;

--
-- Table structure for table `car_owners`
--

DROP TABLE IF EXISTS `car_owners`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `car_owners` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(64) COLLATE utf8mb4_unicode_ci DEFAULT NULL COMMENT 'owner''s name; (full)',
  `id_card` char(18) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `vin` char(17) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `phone` varchar(32) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `photo` blob,
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_vin` (`vin`),
  KEY `idx_card` (`id_card`)
) ENGINE=InnoDB AUTO_INCREMENT=6 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `car_owners`
--

LOCK TABLES `car_owners` WRITE;
/*!40000 ALTER TABLE `car_owners` DISABLE KEYS */;
INSERT INTO `car_owners` VALUES (1,'王伟','110101199003071234','LSVAU2180N2183294','13812345678',NULL,'2023-04-01 10:00:00'),(2,'O\'Neil, \"Pat\"','11010519491231002X','WVWZZZ1JZXW000001','+86 139 1234 5678',0x89504E470D0A1A0A,'2023-04-02 11:30:00'),(3,'李娜\n(second line)','440524188001010014','1HGCM82633A004352','13912345678',_binary 'raw;bytes','2023-04-03 12:00:00');
INSERT INTO `car_owners` VALUES (4,'Zhang San','310101198001011234','JH4KA9650MC000000','15012345678',NULL,'2023-04-04 09:15:00'),(5,'Li Si',NULL,NULL,NULL,NULL,NULL);
/*!40000 ALTER TABLE `car_owners` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Dumping routines for database 'cars'
--
/*!50003 DROP PROCEDURE IF EXISTS `cleanup` */;
DELIMITER ;;
CREATE DEFINER=`root`@`localhost` PROCEDURE `cleanup`()
BEGIN
  INSERT INTO `car_owners` VALUES (99,'not a row','x','y','z',NULL,NULL);
END ;;
DELIMITER ;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

-- Dump completed on 2024-03-01 12:00:00
